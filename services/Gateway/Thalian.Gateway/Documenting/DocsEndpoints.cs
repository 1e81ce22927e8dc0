using Scalar.AspNetCore;

namespace Thalian.Gateway.Documenting;

/// <summary>
/// /openapi/v1.json (the whole public API, hand-maintained beside this file because the operations live in other services)
/// and /docs (Scalar reference). Anonymous by default: they describe the API, they hold no tenant data.
/// </summary>
public static class DocsEndpoints
{
    private static readonly Lazy<string> Document = new(() =>
    {
        using var stream = typeof(DocsEndpoints).Assembly.GetManifestResourceStream("Thalian.Gateway.Documenting.public-api.json")
            ?? throw new InvalidOperationException("The public API document is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static IEndpointRouteBuilder MapPublicApiDocs(this IEndpointRouteBuilder app, bool anonymous)
    {
        var document = app.MapGet("/openapi/v1.json", () => Results.Text(Document.Value, "application/json"));
        var reference = app.MapScalarApiReference("/docs", o => o
            .WithTitle("Thalian API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .AddPreferredSecuritySchemes("apiKey"));
        if (anonymous)
        {
            document.AllowAnonymous();
            reference.AllowAnonymous();
        }
        return app;
    }
}
