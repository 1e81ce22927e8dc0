using Marten;
using Thalian.ServiceDefaults.Locking;

namespace Thalian.Correlation.Identifying;

/// <summary>
/// One writer per source at a time, by design rather than by retry. Every stream belongs to one source of one tenant
/// ("aws/&lt;account&gt;" for IAM users, roles and the account, "idp/&lt;connection&gt;" for IdP accounts), and every
/// transaction that writes streams first takes that source's PostgreSQL advisory lock for the transaction: consumers,
/// the link re-evaluation (Marten daemon), the settlement and the HTTP mapping all wait for each other instead of
/// failing on a stream version, on any number of replicas. A run's observation batches list disjoint identities,
/// so they share the lock among themselves; everything that may touch any identity of the source (settlement
/// deletions, connection removal, link re-evaluation, explicit mappings) takes it exclusively.
/// </summary>
public static class SourceWriteLock
{
    public static string Aws(string accountId) => "aws/" + accountId;

    public static string Idp(Guid connectionId) => $"idp/{connectionId:D}";

    /// <summary>Begins the session's transaction and locks the source until it commits or rolls back.</summary>
    public static Task LockSourceAsync(this IDocumentSession session, string source, bool shared, CancellationToken ct) =>
        session.BeginLockedAsync($"thalian/{session.DocumentStore.Options.DatabaseSchemaName}/write/{session.TenantId}/{source}", shared, ct);
}
