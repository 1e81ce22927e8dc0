namespace Thalian.Findings.ManagingFindings;

/// <summary>
/// Current state of one finding (Marten document, id = stream id). Written in the same session as the stream's
/// events; <see cref="Version"/> is the stream version and guards concurrent writers.
/// </summary>
public sealed record FindingView
{
    public Guid Id { get; init; }
    public required string Tenant { get; init; }
    /// <summary>The identity whose evaluation produces the finding (user, role or account stream id).</summary>
    public Guid ScopeId { get; init; }
    public required string RuleId { get; init; }
    public required string Title { get; init; }
    public required string Severity { get; init; }
    public int SeverityRank { get; init; }
    public required string Status { get; init; }
    public required string ResourceType { get; init; }
    public required string ResourceArn { get; init; }
    public required string ResourceId { get; init; }
    public required string AccountId { get; init; }
    public required string Summary { get; init; }
    public Dictionary<string, string> Evidence { get; init; } = [];
    public Dictionary<string, string> VolatileEvidence { get; init; } = [];
    public DateTimeOffset FirstSeenAt { get; init; }
    public DateTimeOffset LastSeenAt { get; init; }
    public DateTimeOffset DataObservedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public string? SuppressedBy { get; init; }
    public string? SuppressionReason { get; init; }
    public DateTimeOffset? SuppressedUntil { get; init; }
    public string? CisControl { get; init; }
    /// <summary>Lower-case rule, ARN, resource, summary and account, for the text filter.</summary>
    public string SearchText { get; init; } = "";
    public long Version { get; init; }
}
