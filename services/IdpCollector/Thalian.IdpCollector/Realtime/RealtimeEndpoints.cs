using Marten;
using Microsoft.Extensions.Options;
using Thalian.IdpCollector.Connecting;
using Thalian.IdpCollector.ReadingDirectories;
using Thalian.ServiceDefaults.Auth;
using Thalian.ServiceDefaults.Locking;
using Thalian.ServiceDefaults.Secrets;

namespace Thalian.IdpCollector.Realtime;

/// <summary>Turn a connection's real time on (register and verify the vendor's hook), inspect it, turn it off.</summary>
public static class RealtimeEndpoints
{
    public static void MapRealtime(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/integrations/idp/{id:guid}/realtime").WithTags("IdP connections");
        group.MapGet("", GetAsync).WithSummary("Whether real time is on, the hook address, events received and the last one")
            .Produces<RealtimeView>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("", EnableAsync).RequireAuthorization(AuthExtensions.AdminPolicy)
            .WithSummary("Register the vendor's push hook to Thalian (verified by the vendor) and keep it")
            .Produces<RealtimeView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status502BadGateway);
        group.MapDelete("", DisableAsync).RequireAuthorization(AuthExtensions.AdminPolicy)
            .WithSummary("Remove the vendor's hook; syncs go on as before").Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status502BadGateway);
    }

    /// <summary>Where vendors reach the gateway; <c>Thalian:Idp:PublicUrl</c> when absent.</summary>
    public sealed record EnableRequest(string? PublicUrl);

    private static async Task<IResult> GetAsync(Guid id, HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.QuerySession(http.User.TenantId());
        return await session.LoadAsync<RealtimeSubscription>(id, ct) is { } subscription
            ? Results.Ok(await ViewAsync(session, subscription, ct))
            : Results.Problem($"Real time is off for connection {id} (or there is no such connection in this tenant).", statusCode: 404, title: "Not found");
    }

    private static async Task<IResult> EnableAsync(Guid id, EnableRequest? body, HttpContext http, IDocumentStore store, RealtimeDirectories directories,
        ISecretProtector protector, IOptions<IdpOptions> options, TimeProvider time, AdvisoryLocks locks, CancellationToken ct)
    {
        var tenant = http.User.TenantId();
        await using var held = await locks.AcquireWithinAsync(RealtimeSubscription.LockFor(tenant, id), LockWait, ct);
        if (held is null)
        {
            return Busy(id);
        }
        if (HookUrl(body?.PublicUrl ?? options.Value.PublicUrl, id, options.Value.AllowCustomEndpoints) is not { } url)
        {
            return Results.Problem("publicUrl (or the Thalian:Idp:PublicUrl setting) must be the absolute https address vendors reach Thalian's gateway at.",
                statusCode: 400, title: "No public address");
        }
        await using var session = store.LightweightSession(tenant);
        if (await session.LoadAsync<IdpConnection>(id, ct) is not { } connection)
        {
            return Results.Problem($"No IdP connection {id} in this tenant.", statusCode: 404, title: "Not found");
        }
        using var realtime = directories.Open(connection);
        if (realtime is null || HookReceivers.For(connection.Provider) is null)
        {
            return Results.Problem($"Real time is not available for {connection.Provider} connections yet; they are synced on schedule.",
                statusCode: 400, title: "Not supported");
        }
        try
        {
            if (await session.LoadAsync<RealtimeSubscription>(id, ct) is { VendorHookId: { } previous })
            {
                await realtime.RemoveHookAsync(previous, ct);
            }
            var secret = HookSecrets.Create();
            var subscription = new RealtimeSubscription
            {
                Id = id, Provider = connection.Provider, HookUrl = url.ToString(), ProtectedSecret = protector.Protect(secret), EnabledAt = time.GetUtcNow(),
            };
            // Committed first: the vendor calls the hook back (with this secret) before the registration answers.
            session.Store(subscription);
            await session.SaveChangesAsync(ct);
            try
            {
                var registration = await realtime.RegisterHookAsync(url, secret, ct);
                (subscription.VendorHookId, subscription.ExpiresAt) = (registration.Id, registration.ExpiresAt);
                subscription.Status = RealtimeStatus.Active;
            }
            catch (DirectoryException ex)
            {
                (subscription.Status, subscription.LastError) = (RealtimeStatus.Failed, ex.Message);
            }
            session.Store(subscription);
            await session.SaveChangesAsync(ct);
            return subscription.Status == RealtimeStatus.Active
                ? Results.Ok(await ViewAsync(session, subscription, ct))
                : Results.Problem(subscription.LastError, statusCode: 502, title: $"{connection.Provider} did not accept the hook");
        }
        catch (DirectoryException ex)
        {
            return Results.Problem(ex.Message, statusCode: 502, title: $"{connection.Provider} did not remove the previous hook");
        }
    }

    private static async Task<IResult> DisableAsync(Guid id, HttpContext http, IDocumentStore store, RealtimeDirectories directories, AdvisoryLocks locks,
        CancellationToken ct)
    {
        await using var held = await locks.AcquireWithinAsync(RealtimeSubscription.LockFor(http.User.TenantId(), id), LockWait, ct);
        if (held is null)
        {
            return Busy(id);
        }
        await using var session = store.LightweightSession(http.User.TenantId());
        var subscription = await session.LoadAsync<RealtimeSubscription>(id, ct);
        var connection = await session.LoadAsync<IdpConnection>(id, ct);
        if (subscription is null || connection is null)
        {
            return Results.Problem($"Real time is off for connection {id} (or there is no such connection in this tenant).", statusCode: 404, title: "Not found");
        }
        if (subscription.VendorHookId is { } hookId && directories.Open(connection) is { } client)
        {
            using var _ = client;
            try
            {
                await client.RemoveHookAsync(hookId, ct);
            }
            catch (DirectoryException ex)
            {
                return Results.Problem(ex.Message, statusCode: 502, title: $"{connection.Provider} did not remove the hook; real time stays on");
            }
        }
        RealtimeRemoval.Forget(session, id);
        await session.SaveChangesAsync(ct);
        return Results.NoContent();
    }

    /// <summary>Long enough for a renewal (one vendor call) to finish; an enable waiting on another enable gives up with 409.</summary>
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(15);

    private static IResult Busy(Guid id) =>
        Results.Problem($"Real time of connection {id} is being changed or renewed right now; try again in a moment.", statusCode: 409, title: "Busy");

    private static Uri? HookUrl(string? publicUrl, Guid id, bool allowHttp) =>
        Uri.TryCreate(publicUrl, UriKind.Absolute, out var baseUrl) && (baseUrl.Scheme == Uri.UriSchemeHttps || (allowHttp && baseUrl.Scheme == Uri.UriSchemeHttp))
            && string.IsNullOrEmpty(baseUrl.Query) && string.IsNullOrEmpty(baseUrl.UserInfo)
            ? new Uri(baseUrl, $"{baseUrl.AbsolutePath.TrimEnd('/')}/hooks/{id}")
            : null;

    private static async Task<RealtimeView> ViewAsync(IQuerySession session, RealtimeSubscription s, CancellationToken ct)
    {
        var received = session.Query<ReceivedHookEvent>().Where(e => e.ConnectionId == s.Id);
        var count = await received.CountAsync(ct);
        var last = count == 0 ? null : (DateTimeOffset?)await received.MaxAsync(e => e.ReceivedAt, ct);
        var feed = await session.LoadAsync<ChangeFeedCursor>(s.Id, ct);
        return new RealtimeView(s.Status, s.HookUrl, s.VendorHookId, s.EnabledAt, s.ExpiresAt, s.LastError, count, last, feed?.CheckedAt, feed?.LastError);
    }
}
