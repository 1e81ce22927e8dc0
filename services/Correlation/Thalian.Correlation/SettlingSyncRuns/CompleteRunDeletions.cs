using Marten;
using Thalian.Correlation.Identifying;

namespace Thalian.Correlation.SettlingSyncRuns;

/// <summary>
/// Closes the identities a complete run did not see. An identity observed after the run started (by a newer,
/// overlapping run) is left alone: this run's listing is older than what we know about it.
/// </summary>
public static class CompleteRunDeletions
{
    public const string NotSeen = "not-seen-in-complete-sync";

    public static Task<int> ApplyAsync(IDocumentSession session, SyncRunCompletion run, IReadOnlySet<string> seen, CancellationToken ct)
    {
        bool NotSeenBeforeTheRun(ClosingIdentities.Open identity) => !seen.Contains(identity.Key) && identity.ObservedAt < run.StartedAt;
        return run.SourceKind == "aws"
            ? ClosingIdentities.CloseAwsAccountAsync(session, run.SourceId, NotSeenBeforeTheRun, NotSeen, run.CompletedAt, run.Id, ct)
            : ClosingIdentities.CloseIdpConnectionAsync(session, Guid.Parse(run.SourceId), NotSeenBeforeTheRun, NotSeen, run.CompletedAt, run.Id, ct);
    }
}
