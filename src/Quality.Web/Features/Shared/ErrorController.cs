using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Quality.Web.Features.Shared;

/// <summary>Error pages that say what went wrong and where to go next.</summary>
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorController : Controller
{
    [Route("/error/{code:int?}")]
    public IActionResult Show(int? code)
    {
        var status = code ?? StatusCodes.Status500InternalServerError;
        var feature = HttpContext.Features.Get<IExceptionHandlerFeature>();
        Response.StatusCode = status;
        ViewData["Title"] = status == 404 ? "Not found" : "Something went wrong";
        ViewData["Message"] = status switch
        {
            404 => "There is no page at this address. The project may have been renamed, or the link is old.",
            413 => "The file is larger than the upload limit.",
            _ => feature is null ? $"The request failed with status {status}." : "The server could not complete the request. The error has been logged.",
        };
        return View("Error");
    }
}
