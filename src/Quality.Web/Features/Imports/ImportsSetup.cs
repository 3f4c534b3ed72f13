namespace Quality.Web.Features.Imports;

/// <summary>Services of the imports feature.</summary>
public static class ImportsSetup
{
    public static IServiceCollection AddImports(this IServiceCollection services)
    {
        services.AddSingleton<UploadStore>();
        services.AddSingleton<ImportProgressTracker>();
        services.AddTransient<ImportJob>();
        return services;
    }
}
