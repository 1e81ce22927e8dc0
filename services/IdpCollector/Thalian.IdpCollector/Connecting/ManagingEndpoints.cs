using Marten;
using Thalian.Contracts.Idp;
using Thalian.IdpCollector.Realtime;
using Thalian.ServiceDefaults.Auth;
using Thalian.ServiceDefaults.Outbox;

namespace Thalian.IdpCollector.Connecting;

/// <summary>List, inspect, sync now and remove IdP connections.</summary>
public static class ManagingEndpoints
{
    public static void MapManaging(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/integrations/idp").WithTags("IdP connections");
        group.MapGet("", ListAsync).WithSummary("The tenant's IdP connections with status, last sync, counts and last error")
            .Produces<List<ConnectionView>>();
        group.MapGet("/{id:guid}", GetAsync).WithSummary("One IdP connection")
            .Produces<ConnectionView>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/sync", SyncAsync).RequireAuthorization(AuthExtensions.AdminPolicy)
            .WithSummary("Start a sync now").Produces<SyncQueued>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(AuthExtensions.AdminPolicy)
            .WithSummary("Disconnect the IdP (its accounts are removed from correlation)")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ListAsync(HttpContext http, IDocumentStore store, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession(http.User.TenantId());
        var connections = await session.Query<IdpConnection>().OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken);
        return Results.Ok(connections.Select(ConnectionView.From));
    }

    private static async Task<IResult> GetAsync(Guid id, HttpContext http, IDocumentStore store, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession(http.User.TenantId());
        return await session.LoadAsync<IdpConnection>(id, cancellationToken) is { } connection
            ? Results.Ok(ConnectionView.From(connection))
            : NotFound(id);
    }

    private static async Task<IResult> SyncAsync(Guid id, HttpContext http, IDocumentStore store, CancellationToken cancellationToken)
    {
        var tenant = http.User.TenantId();
        await using var session = store.LightweightSession(tenant);
        if (await session.LoadAsync<IdpConnection>(id, cancellationToken) is null)
        {
            return NotFound(id);
        }
        var correlationId = Guid.NewGuid();
        session.PublishAfterCommit(new SyncIdpConnection(tenant, id, correlationId, $"requested by {http.User.Actor()}"));
        await session.SaveChangesAsync(cancellationToken);
        return Results.Accepted($"/api/v1/integrations/idp/{id}", new SyncQueued(id, correlationId, "queued"));
    }

    private static async Task<IResult> DeleteAsync(Guid id, HttpContext http, IDocumentStore store, TimeProvider time, RealtimeRemoval realtime,
        CancellationToken cancellationToken)
    {
        var tenant = http.User.TenantId();
        await using var session = store.LightweightSession(tenant);
        var connection = await session.LoadAsync<IdpConnection>(id, cancellationToken);
        if (connection is null)
        {
            return NotFound(id);
        }
        await realtime.RemoveAsync(session, connection, cancellationToken);
        session.Delete(connection);
        session.PublishAfterCommit(new IdpConnectionRemoved(tenant, id, connection.Provider, time.GetUtcNow()));
        await session.SaveChangesAsync(cancellationToken);
        return Results.NoContent();
    }

    public sealed record SyncQueued(Guid Id, Guid CorrelationId, string Status);

    private static IResult NotFound(Guid id) => Results.Problem($"No IdP connection {id} in this tenant.", statusCode: 404, title: "Not found");
}
