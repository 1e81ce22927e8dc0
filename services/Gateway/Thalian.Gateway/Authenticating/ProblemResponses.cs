using Microsoft.AspNetCore.Mvc;

namespace Thalian.Gateway.Authenticating;

/// <summary>Writes RFC 7807 bodies from places that have no endpoint result (authentication handlers, middleware).</summary>
public static class ProblemResponses
{
    public static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        var written = await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
        if (!written)
        {
            await context.Response.WriteAsJsonAsync(new ProblemDetails { Status = status, Title = title, Detail = detail },
                (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
        }
    }

    public static Task Unauthorized(HttpContext context, string detail) =>
        WriteAsync(context, StatusCodes.Status401Unauthorized, "Authentication required", detail);

    public static Task Forbidden(HttpContext context, string detail) =>
        WriteAsync(context, StatusCodes.Status403Forbidden, "Not allowed", detail);
}
