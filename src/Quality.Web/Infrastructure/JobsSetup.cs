using Hangfire;
using Hangfire.Dashboard;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Options;

namespace Quality.Web.Infrastructure;

/// <summary>Hangfire with its SQLite storage in the data folder, so queued jobs survive a restart.</summary>
public static class JobsSetup
{
    public const string DashboardPath = "/jobs";

    public static IServiceCollection AddQualityJobs(this IServiceCollection services)
    {
        services.AddHangfire((sp, config) =>
        {
            var options = sp.GetRequiredService<IOptions<QualityOptions>>().Value;
            Directory.CreateDirectory(options.DataDirFullPath);
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UseSQLiteStorage(Path.Combine(options.DataDirFullPath, "hangfire.db"), new SQLiteStorageOptions
                {
                    QueuePollInterval = TimeSpan.FromMilliseconds(200),
                });
        });
        services.AddHangfireServer((sp, server) =>
        {
            server.WorkerCount = sp.GetRequiredService<IOptions<QualityOptions>>().Value.JobWorkers;
            server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
        });
        return services;
    }

    public static IEndpointRouteBuilder MapQualityJobsDashboard(this IEndpointRouteBuilder endpoints)
    {
        // The dashboard shows job arguments (file paths); by default only local requests may see it.
        endpoints.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            DashboardTitle = "Quality jobs",
            AppPath = "/",
            Authorization = [new LocalRequestsOnlyAuthorizationFilter()],
        });
        return endpoints;
    }
}
