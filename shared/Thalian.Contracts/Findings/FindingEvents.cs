namespace Thalian.Contracts.Findings;

/// <summary>
/// Everything a subscriber or SIEM forwarder needs about a finding at one transition, without
/// calling back (maps onto an OCSF Detection Finding: rule → analytic, severity, resource, evidence).
/// </summary>
public sealed record FindingDetails
{
    public required string TenantId { get; init; }
    /// <summary>Deterministic from tenant + rule + resource.</summary>
    public required Guid FindingId { get; init; }
    public required string RuleId { get; init; }
    public required string Title { get; init; }
    /// <summary>"critical", "high", "medium" or "low".</summary>
    public required string Severity { get; init; }
    /// <summary>"open", "resolved" or "suppressed".</summary>
    public required string Status { get; init; }
    /// <summary>"iam-user", "iam-role", "access-key" or "aws-account".</summary>
    public required string ResourceType { get; init; }
    /// <summary>ARN of the resource (for an access key: the user ARN).</summary>
    public required string ResourceArn { get; init; }
    /// <summary>Natural key of the resource within its account (user id, role id, key slot...).</summary>
    public required string ResourceId { get; init; }
    public required string AccountId { get; init; }
    public Guid? IdentityId { get; init; }
    /// <summary>One line for tables and alert titles.</summary>
    public required string Summary { get; init; }
    public IReadOnlyDictionary<string, string> Evidence { get; init; } = new Dictionary<string, string>();
    public required DateTimeOffset FirstSeenAt { get; init; }
    public required DateTimeOffset LastSeenAt { get; init; }
    /// <summary>When the source data behind the finding was observed (credential report GeneratedTime, sync time).</summary>
    public required DateTimeOffset DataObservedAt { get; init; }
    public string? CisControl { get; init; }
}

[EntityName("thalian.findings.opened")]
public sealed record FindingOpened(FindingDetails Finding, DateTimeOffset OccurredAt)
{
    /// <summary>The finding stream's version after this transition (1 for the first): orders one finding's events. 0 from publishers older than this field.</summary>
    public long StreamVersion { get; init; }
}

[EntityName("thalian.findings.updated")]
public sealed record FindingUpdated(FindingDetails Finding, IReadOnlyList<string> ChangedFields, DateTimeOffset OccurredAt)
{
    /// <summary>The finding stream's version after this transition (1 for the first): orders one finding's events. 0 from publishers older than this field.</summary>
    public long StreamVersion { get; init; }
}

/// <param name="Reason">"condition-cleared" or "resource-gone".</param>
[EntityName("thalian.findings.resolved")]
public sealed record FindingResolved(FindingDetails Finding, string Reason, DateTimeOffset OccurredAt)
{
    /// <summary>The finding stream's version after this transition (1 for the first): orders one finding's events. 0 from publishers older than this field.</summary>
    public long StreamVersion { get; init; }
}

[EntityName("thalian.findings.reopened")]
public sealed record FindingReopened(FindingDetails Finding, DateTimeOffset OccurredAt)
{
    /// <summary>The finding stream's version after this transition (1 for the first): orders one finding's events. 0 from publishers older than this field.</summary>
    public long StreamVersion { get; init; }
}

[EntityName("thalian.findings.suppressed")]
public sealed record FindingSuppressed(FindingDetails Finding, string SuppressedBy, string Reason, DateTimeOffset? ExpiresAt, DateTimeOffset OccurredAt)
{
    /// <summary>The finding stream's version after this transition (1 for the first): orders one finding's events. 0 from publishers older than this field.</summary>
    public long StreamVersion { get; init; }
}

[EntityName("thalian.findings.unsuppressed")]
public sealed record FindingUnsuppressed(FindingDetails Finding, string UnsuppressedBy, bool Automatic, DateTimeOffset OccurredAt)
{
    /// <summary>The finding stream's version after this transition (1 for the first): orders one finding's events. 0 from publishers older than this field.</summary>
    public long StreamVersion { get; init; }
}

