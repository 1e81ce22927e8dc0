using Marten;
using Thalian.Correlation.Identifying;
using Thalian.Correlation.Matching;
using Thalian.Correlation.ReadingIdentities;
using Thalian.Correlation.TrackingIamUsers;
using Thalian.Correlation.TrackingIdpAccounts;
using Thalian.ServiceDefaults.Auth;

namespace Thalian.Correlation.MappingIdentities;

public sealed record SetIdpLinkRequest(Guid? ConnectionId, string? ExternalId);

/// <summary>The explicit IAM user → IdP account mapping (match method "explicit"); admin only.</summary>
public static class IdpLinkEndpoints
{
    /// <summary>PUT /api/v1/identities/{id}/idp-link</summary>
    public static async Task<IResult> Set(HttpContext http, IDocumentStore store, TimeProvider clock, Guid id, SetIdpLinkRequest? body, CancellationToken ct)
    {
        if (body?.ConnectionId is not { } connectionId || connectionId == Guid.Empty || string.IsNullOrWhiteSpace(body.ExternalId))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                ["connectionId"] = ["connectionId (the IdP connection) is required"],
                ["externalId"] = ["externalId (the IdP's id of the account) is required"],
            });
        }
        var tenant = http.User.TenantId();
        await using var session = store.LightweightSession(tenant);
        var target = await session.LoadAsync<IdpAccount>(StreamIds.IdpAccount(tenant, connectionId, body.ExternalId), ct);
        if (target is null)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                ["externalId"] = [$"No account '{body.ExternalId}' has been seen on IdP connection {connectionId}."],
            });
        }
        var mapping = new ExplicitIdpMappingSet(connectionId, body.ExternalId, http.User.Actor(), clock.GetUtcNow(), null);
        return await ChangeAsync(session, id, mapping, ct);
    }

    /// <summary>DELETE /api/v1/identities/{id}/idp-link — back to automatic matching.</summary>
    public static async Task<IResult> Clear(HttpContext http, IDocumentStore store, TimeProvider clock, Guid id, CancellationToken ct)
    {
        await using var session = store.LightweightSession(http.User.TenantId());
        return await ChangeAsync(session, id, new ExplicitIdpMappingCleared(http.User.Actor(), clock.GetUtcNow(), null), ct);
    }

    private static async Task<IResult> ChangeAsync(IDocumentSession session, Guid id, object change, CancellationToken ct)
    {
        // The user names its account's lock; it is read again under the lock, which is what the decision uses.
        if (await session.LoadAsync<IamUser>(id, ct) is { } found)
        {
            await session.LockSourceAsync(SourceWriteLock.Aws(found.AccountId), shared: false, ct);
        }
        var user = await session.LoadAsync<IamUser>(id, ct);
        if (user is null || user.Deleted)
        {
            return Results.Problem(statusCode: 404, title: "IAM user not found", detail: $"No current IAM user {id} in this tenant.");
        }
        if (change is ExplicitIdpMappingCleared && user.ExplicitMapping is null)
        {
            return Results.NoContent();
        }
        var at = ((IObservedEvent)change).ObservedAt;
        var changed = IamUser.Next(user, change)!;
        var matching = await MatchContext.LoadAsync(session, [changed], ct);
        var links = matching.Evaluate(changed, mayUnlink: true, "explicit-mapping", at, null).Events;
        var events = links.Prepend(change).ToList();
        session.AppendDecided<IamUser>(id, user.Version, events);
        var after = IamUser.Fold(changed, links)!;
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (JasperFx.ConcurrencyException)
        {
            return Results.Problem(statusCode: 409, title: "Identity changed concurrently", detail: "The IAM user was updated while the mapping was saved; try again.");
        }
        return change is ExplicitIdpMappingCleared ? Results.NoContent() : Results.Ok(after.Match);
    }
}
