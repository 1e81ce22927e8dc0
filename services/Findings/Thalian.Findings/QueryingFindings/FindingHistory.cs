using JasperFx.Events;
using FindingDetails = Thalian.Contracts.Findings.FindingDetails;
using Thalian.Findings.ManagingFindings;

namespace Thalian.Findings.QueryingFindings;

public sealed record FindingWithHistory(FindingDetails Finding, string? SuppressedBy, string? SuppressionReason, DateTimeOffset? SuppressedUntil,
    IReadOnlyList<HistoryEntry> History);

/// <param name="Transition">"opened", "updated", "resolved", "reopened", "suppressed" or "unsuppressed".</param>
public sealed record HistoryEntry(long Version, string Transition, DateTimeOffset OccurredAt, string Severity, string Status, string Summary,
    IReadOnlyDictionary<string, string> Evidence, string? Detail);

public static class FindingHistory
{
    public static HistoryEntry Entry(IEvent e) => e.Data switch
    {
        FindingOpened x => Of(e, "opened", x.Finding, x.OccurredAt, null),
        FindingUpdated x => Of(e, "updated", x.Finding, x.OccurredAt, $"changed: {string.Join(", ", x.ChangedFields)}"),
        FindingResolved x => Of(e, "resolved", x.Finding, x.OccurredAt, x.Reason),
        FindingReopened x => Of(e, "reopened", x.Finding, x.OccurredAt, null),
        FindingSuppressed x => Of(e, "suppressed", x.Finding, x.OccurredAt,
            $"by {x.SuppressedBy}: {x.Reason}{(x.ExpiresAt is { } until ? $" (until {until:O})" : "")}"),
        FindingUnsuppressed x => Of(e, "unsuppressed", x.Finding, x.OccurredAt, x.Automatic ? "suppression expired" : $"by {x.UnsuppressedBy}"),
        _ => new HistoryEntry(e.Version, e.EventTypeName, e.Timestamp, "", "", "", new Dictionary<string, string>(), null),
    };

    /// <summary>The finding as it was after the event.</summary>
    public static FindingDetails? FindingOf(IEvent e) => e.Data switch
    {
        FindingOpened x => x.Finding,
        FindingUpdated x => x.Finding,
        FindingResolved x => x.Finding,
        FindingReopened x => x.Finding,
        FindingSuppressed x => x.Finding,
        FindingUnsuppressed x => x.Finding,
        _ => null,
    };

    private static HistoryEntry Of(IEvent e, string transition, FindingDetails f, DateTimeOffset at, string? detail) =>
        new(e.Version, transition, at, f.Severity, f.Status, f.Summary, f.Evidence, detail);
}
