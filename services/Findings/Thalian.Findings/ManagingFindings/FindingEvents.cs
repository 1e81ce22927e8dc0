using Thalian.Contracts.Findings;

namespace Thalian.Findings.ManagingFindings;

// Domain events of a finding stream. Each carries the finding as it is after the transition (the published
// contract's FindingDetails), so the history reads without replay and the outbox maps them one to one.

public sealed record FindingOpened(FindingDetails Finding, DateTimeOffset OccurredAt);

public sealed record FindingUpdated(FindingDetails Finding, IReadOnlyList<string> ChangedFields, DateTimeOffset OccurredAt);

/// <param name="Reason">"condition-cleared" or "resource-gone".</param>
public sealed record FindingResolved(FindingDetails Finding, string Reason, DateTimeOffset OccurredAt);

public sealed record FindingReopened(FindingDetails Finding, DateTimeOffset OccurredAt);

public sealed record FindingSuppressed(FindingDetails Finding, string SuppressedBy, string Reason, DateTimeOffset? ExpiresAt, DateTimeOffset OccurredAt);

public sealed record FindingUnsuppressed(FindingDetails Finding, string UnsuppressedBy, bool Automatic, DateTimeOffset OccurredAt);

public static class FindingStatuses
{
    public const string Open = "open";
    public const string Resolved = "resolved";
    public const string Suppressed = "suppressed";
}
