using Marten;
using Thalian.ServiceDefaults.Locking;

namespace Thalian.Findings.TrackingIdentities;

/// <summary>
/// Per-tenant advisory lock held for the session's transaction. Single-identity evaluations share it; whole-tenant
/// re-evaluations (settled markers, settings, removed connections) take it exclusively. Without it, a user change
/// and an IdP "settled" marker processed at the same moment could each miss the other's write and neither open the
/// finding.
/// </summary>
public static class TenantLock
{
    public static async Task<IDocumentSession> OpenAsync(IDocumentStore store, string tenantId, Guid? correlationId, bool exclusive, CancellationToken ct)
    {
        var session = store.LightweightSession(tenantId);
        if (correlationId is { } id)
        {
            session.CorrelationId = id.ToString();
        }
        try
        {
            await session.BeginLockedAsync($"thalian-findings/{tenantId}", shared: !exclusive, ct);
            return session;
        }
        catch
        {
            // Not handed to the caller: disposing here rolls back and returns the connection, else it stays
            // "idle in transaction (aborted)" and the pool runs dry (seen in the fault suite, after lock waits timed out).
            await session.DisposeAsync();
            throw;
        }
    }
}
