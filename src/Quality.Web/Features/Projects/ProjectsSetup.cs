namespace Quality.Web.Features.Projects;

/// <summary>Services of the projects feature.</summary>
public static class ProjectsSetup
{
    public static IServiceCollection AddProjects(this IServiceCollection services)
    {
        services.AddSingleton<ProjectAnalysisService>();
        return services;
    }
}
