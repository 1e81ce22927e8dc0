using Thalian.Correlation.Identifying;

namespace Thalian.Correlation.SettlingSyncRuns;

/// <summary>
/// One observation batch of a sync run, processed. The id comes from the batch's content, so a redelivered or
/// re-published batch counts once; the seen keys let a complete run find what it did not see.
/// </summary>
public sealed record ProcessedBatch
{
    public string Id { get; init; } = "";
    public Guid SyncRunId { get; init; }
    public IReadOnlyList<string> SeenKeys { get; init; } = [];
    public DateTimeOffset ObservedAt { get; init; }

    public static ProcessedBatch For(Guid syncRunId, IReadOnlyList<string> seenKeys, Guid messageId, DateTimeOffset observedAt)
    {
        // An empty batch has no content to tell it apart from another empty batch; its message id does.
        var content = seenKeys.Count == 0 ? $"empty/{messageId:N}" : string.Join('\n', seenKeys.Order(StringComparer.Ordinal));
        return new ProcessedBatch
        {
            Id = $"{syncRunId:N}/{StreamIds.Of(content):N}",
            SyncRunId = syncRunId,
            SeenKeys = seenKeys,
            ObservedAt = observedAt,
        };
    }
}

/// <summary>A sync-completed message, kept until every batch of its run has been processed.</summary>
public sealed record SyncRunCompletion
{
    public Guid Id { get; init; }
    /// <summary>"aws" or "idp".</summary>
    public string SourceKind { get; init; } = "";
    /// <summary>The AWS account id, or the IdP connection id.</summary>
    public string SourceId { get; init; } = "";
    public string? Provider { get; init; }
    public bool Complete { get; init; }
    public string? Error { get; init; }
    public int BatchCount { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset CompletedAt { get; init; }
    public Guid CorrelationId { get; init; }
}

/// <summary>Every observation of the run is in; carried by the run's own stream so it is recorded (and published) once.</summary>
public sealed record SyncRunSettled(
    string SourceKind,
    string SourceId,
    string? Provider,
    Guid SettledRunId,
    bool Complete,
    string? Error,
    int Removed,
    DateTimeOffset ObservedAt,
    DateTimeOffset SettledAt,
    Guid CorrelationId) : IObservedEvent
{
    public Guid? SyncRunId => SettledRunId;
}

/// <summary>
/// An IdP run's links have been re-evaluated: appended by the link re-evaluation after the links it made, so the run's
/// <c>IdentitiesSettled</c> (published from this, not from <see cref="SyncRunSettled"/>) never overtakes them.
/// </summary>
public sealed record SyncRunLinksReevaluated(SyncRunSettled Run) : IObservedEvent
{
    public DateTimeOffset ObservedAt => Run.ObservedAt;
    public Guid? SyncRunId => Run.SettledRunId;
}
