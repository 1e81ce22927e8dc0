using Marten;
using Thalian.Correlation.Identifying;
using Thalian.ServiceDefaults.Auth;

namespace Thalian.Correlation.ReadingIdentities;

public sealed record TimelineEntry(long Version, string Type, DateTimeOffset RecordedAt, DateTimeOffset? ObservedAt, Guid? SyncRunId, object Data);

public static class TimelineEndpoint
{
    /// <summary>GET /api/v1/identities/{id}/timeline — every domain event of the identity, oldest first.</summary>
    public static async Task<IResult> Handle(HttpContext http, IDocumentStore store, Guid id, CancellationToken ct)
    {
        await using var session = store.QuerySession(http.User.TenantId());
        if (await session.LoadAsync<IdentitySummary>(id, ct) is null)
        {
            return Results.Problem(statusCode: 404, title: "Identity not found", detail: $"No identity {id} in this tenant.");
        }
        var events = await session.Events.FetchStreamAsync(id, token: ct);
        return Results.Ok(events.Select(e => new TimelineEntry(e.Version, e.Data.GetType().Name, e.Timestamp,
            (e.Data as IObservedEvent)?.ObservedAt, (e.Data as IObservedEvent)?.SyncRunId, e.Data)).ToList());
    }
}
