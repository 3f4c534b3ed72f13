namespace Quality.Web.Features.Shared;

/// <summary>The tabs of a project's pages; each link keeps the current view's filters.</summary>
public sealed record ProjectNav(ProjectContext Project, string Active)
{
    public static IReadOnlyList<(string Key, string Title, string Path)> Tabs(int id) =>
    [
        ("overview", "Overview", $"/projects/{id}"),
        ("agreement", "Agreement", $"/projects/{id}/agreement"),
        ("annotators", "Annotators", $"/projects/{id}/annotators"),
        ("alerts", "Drift alerts", $"/projects/{id}/alerts"),
        ("cost", "Cost & quality", $"/projects/{id}/cost"),
        ("review", "Review queue", $"/projects/{id}/review"),
        ("reports", "Reports", $"/projects/{id}/reports"),
    ];
}
