using Microsoft.Extensions.DependencyInjection.Extensions;
using Quality.Web.Features.Reports;

// In the DI namespace, as ASP.NET's own Add* extensions are: Program.cs registers the feature with one line and
// no using, which keeps the edit to that shared file to the line itself.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Services of the reports feature: the job store, the generation job and the clock reports are dated by.</summary>
public static class ReportsSetup
{
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ReportJobStore>();
        services.AddTransient<ReportJob>();
        return services;
    }
}
