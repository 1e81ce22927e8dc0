using Scalar.AspNetCore;

namespace Thalian.Gateway.Documenting;

/// <summary>
/// /openapi/v1.json (the whole public API: generated from every service's endpoints by <see cref="PublicApiDocument"/> at
/// build time and committed beside this file, see docs/decisions/gateway-openapi.md), /docs (Scalar reference) and
/// /openapi/gateway/v1.json (the gateway's own endpoints, one input of the merge). Anonymous by default: they describe the API,
/// they hold no tenant data.
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

    public const string OwnDocumentPattern = "/openapi/gateway/{documentName}.json";

    public static IEndpointRouteBuilder MapPublicApiDocs(this IEndpointRouteBuilder app, bool anonymous)
    {
        var document = app.MapGet("/openapi/v1.json", () => Results.Text(Document.Value, "application/json")).ExcludeFromDescription();
        var own = app.MapOpenApi(OwnDocumentPattern);
        var reference = app.MapScalarApiReference("/docs", o => o
            .WithTitle("Thalian API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .AddPreferredSecuritySchemes("apiKey"));
        if (anonymous)
        {
            document.AllowAnonymous();
            own.AllowAnonymous();
            reference.AllowAnonymous();
        }
        return app;
    }
}
