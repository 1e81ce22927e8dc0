using Microsoft.Extensions.FileProviders;
using Thalian.Gateway.Authenticating;

namespace Thalian.Gateway.ServingConsole;

/// <summary>
/// Serves the console (services/Gateway/console, built by scripts/run.sh) at / from the same origin as the API. Unknown
/// paths fall back to index.html so client-side routes survive a reload, except under the API's own prefixes, which keep
/// answering problem+json 404s. Every asset is local; the CSP allows nothing from elsewhere.
/// </summary>
public static class ConsoleHosting
{
    private static readonly string[] ReservedPrefixes = ["/api", "/health", "/docs", "/openapi", "/scalar"];
    private const string Policy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /// <summary>Thalian:Gateway:ConsoleDirectory, relative to the content root; absent directory = no console (API only).</summary>
    public static IFileProvider? ConsoleFiles(this WebApplication app)
    {
        var configured = app.Configuration["Thalian:Gateway:ConsoleDirectory"] ?? "../console/dist";
        var directory = Path.GetFullPath(Path.Combine(app.Environment.ContentRootPath, configured));
        return File.Exists(Path.Combine(directory, "index.html")) ? new PhysicalFileProvider(directory) : null;
    }

    public static WebApplication UseConsoleFiles(this WebApplication app, IFileProvider? files)
    {
        if (files is null)
        {
            return app;
        }
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                // Vite names assets by content hash: they never change; index.html must always be revalidated.
                headers.CacheControl = context.Context.Request.Path.StartsWithSegments("/assets") ? "public, max-age=31536000, immutable" : "no-cache";
            },
        });
        return app;
    }

    public static IEndpointRouteBuilder MapConsoleFallback(this IEndpointRouteBuilder app, IFileProvider? files)
    {
        if (files is null)
        {
            return app;
        }
        app.MapFallback(async context =>
        {
            if (ReservedPrefixes.Any(p => context.Request.Path.StartsWithSegments(p)) || !HttpMethods.IsGet(context.Request.Method))
            {
                await ProblemResponses.WriteAsync(context, StatusCodes.Status404NotFound, "Not found", $"Nothing is served at {context.Request.Path}.");
                return;
            }
            var index = files.GetFileInfo("index.html");
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.CacheControl = "no-cache";
            context.Response.Headers.ContentSecurityPolicy = Policy;
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            await context.Response.SendFileAsync(index);
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
