using Quality.Web.Features.Drift;
using Quality.Web.Features.Imports;
using Quality.Web.Features.Projects;
using Quality.Web.Features.Shared;
using Quality.Web.Infrastructure;

// Quality's web host: the dashboard, the JSON API and the background jobs, over one data folder.
// The content root is the build output, not the working directory: the working directory is where ./data goes.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.Services.AddQualityOptions();      // Quality:* settings, validated at start
builder.Services.AddQualityStorage();      // DuckDB file, migrations, sample project on an empty database
builder.Services.AddQualityJobs();         // Hangfire on SQLite in the data folder
builder.Services.AddImports();             // upload → job → live progress
builder.Services.AddDriftJobs();           // drift checks after imports, hourly and at start; alert webhook
builder.Services.AddProjects();            // overview, cached per-field analysis
builder.Services.AddDashboard();           // page cache, filters, warm-up after start and imports
builder.Services.AddReports();             // PDF audit reports: generate job, list, download, schedules
builder.Services.AddOpenApi();             // /openapi/v1.json for the /api/v1 routes
builder.Services.AddControllersWithViews()
    .AddRazorOptions(o =>
    {
        // Feature folders: Features/<Controller>/<View>.cshtml, shared views in Features/Shared.
        o.ViewLocationFormats.Insert(0, "/Features/{1}/{0}.cshtml");
        o.ViewLocationFormats.Insert(1, "/Features/Shared/{0}.cshtml");
    });

var app = builder.Build();

app.UseExceptionHandler("/error");
app.UseStatusCodePagesWithReExecute("/error/{0}");
app.UseStaticFiles();
app.UseRouting();
app.MapQualityJobsDashboard();             // /jobs
app.MapControllers();
app.MapOpenApi();                          // /openapi/v1.json

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
