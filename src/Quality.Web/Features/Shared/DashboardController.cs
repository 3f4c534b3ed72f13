using Microsoft.AspNetCore.Mvc;

namespace Quality.Web.Features.Shared;

/// <summary>Base of the project pages: the project and view a request asks for.</summary>
public abstract class DashboardController(ProjectContexts contexts) : Controller
{
    /// <summary>The project in the view of the query string; null when there is no such project.</summary>
    protected ProjectContext? Open(int id) => contexts.Open(id, AnalyticsFilter.Parse(Request.Query));

    protected ProjectContexts Contexts => contexts;

    /// <summary>A page of a project view, with the filter form for this request (its own mistakes included).</summary>
    protected ViewResult Page<T>(ProjectContext p, string path, T model, string? view = null)
    {
        ViewData["Filters"] = FilterBar.For(p, path);
        return view is null ? View(model) : View(view, model);
    }

    /// <summary>A 404 page that says what was not found and where to go instead.</summary>
    protected ViewResult NotFoundPage(string message, string backHref, string backText)
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        ViewData["Title"] = "Not found";
        ViewData["Message"] = message;
        ViewData["BackHref"] = backHref;
        ViewData["BackText"] = backText;
        return View("Error");
    }

    /// <summary>An SVG chart response; charts of a data state never change, so browsers may keep them a minute.</summary>
    protected ContentResult Svg(string svg)
    {
        Response.Headers.CacheControl = "public,max-age=60";
        return Content(svg, "image/svg+xml");
    }
}
