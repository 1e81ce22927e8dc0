using System.Net.Http.Headers;
using System.Text.Json;
using Thalian.Gateway.Forwarding;
using Thalian.Gateway.Protecting;
using Yarp.ReverseProxy;

namespace Thalian.Gateway.ListingIntegrations;

/// <summary>
/// GET /api/v1/integrations: one list of the tenant's AWS accounts and IdPs, merged from both collectors' own lists.
/// If either collector cannot answer, the reply is an error, not a silently shorter list.
/// </summary>
public static class IntegrationsEndpoint
{
    private static readonly (string Cluster, string Path, string Name)[] Sources =
    [
        ("aws-collector", "/api/v1/integrations/aws", "AWS collector"),
        ("idp-collector", "/api/v1/integrations/idp", "IdP collector"),
    ];

    public static IEndpointRouteBuilder MapIntegrationsList(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/integrations", ListAsync).WithTags("Integrations")
            .WithSummary("Every AWS and IdP connection in one list (the items of /api/v1/integrations/aws, then /api/v1/integrations/idp)")
            .Produces<List<JsonElement>>().ProducesProblem(StatusCodes.Status502BadGateway);
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext context, IProxyStateLookup proxy, IHttpClientFactory clients,
        GatewayIdentity identity, ILoggerFactory logs, CancellationToken cancellation)
    {
        var replies = await Task.WhenAll(Sources.Select(s => FetchAsync(s, context, proxy, clients, identity, cancellation)));
        var failed = replies.Where(r => r.Error is not null).ToList();
        if (failed.Count > 0)
        {
            var logger = logs.CreateLogger(typeof(IntegrationsEndpoint));
            foreach (var failure in failed)
            {
                logger.LogWarning("Listing integrations failed: {Error}", failure.Error);
            }
            return Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Integrations list unavailable",
                detail: string.Join(" ", failed.Select(f => f.Error)));
        }
        return Results.Ok(replies.SelectMany(r => r.Items));
    }

    private static async Task<(List<JsonElement> Items, string? Error)> FetchAsync((string Cluster, string Path, string Name) source,
        HttpContext context, IProxyStateLookup proxy, IHttpClientFactory clients, GatewayIdentity identity, CancellationToken cancellation)
    {
        var address = proxy.TryGetCluster(source.Cluster, out var cluster)
            ? cluster.Destinations.Values.Select(d => d.Model.Config.Address).FirstOrDefault()
            : null;
        if (address is null)
        {
            return ([], $"The {source.Name} is not configured.");
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(address), source.Path));
        await identity.ApplyAsync(request, context.User, cancellation);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.TryAddWithoutValidation(CorrelationIdMiddleware.Header, context.Request.Headers[CorrelationIdMiddleware.Header].ToString());
        try
        {
            using var response = await clients.CreateClient("downstream").SendAsync(request, cancellation);
            if (!response.IsSuccessStatusCode)
            {
                return ([], $"The {source.Name} answered {(int)response.StatusCode}.");
            }
            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellation), cancellationToken: cancellation);
            return document.RootElement.ValueKind == JsonValueKind.Array
                ? ([.. document.RootElement.EnumerateArray().Select(e => e.Clone())], null)
                : ([], $"The {source.Name} answered with something other than a list.");
        }
        catch (Exception e) when ((e is HttpRequestException or JsonException or TaskCanceledException) && !cancellation.IsCancellationRequested)
        {
            return ([], $"The {source.Name} could not be reached or answered malformed JSON ({e.GetType().Name}).");
        }
    }
}
