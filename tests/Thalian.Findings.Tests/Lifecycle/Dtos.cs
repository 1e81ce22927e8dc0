using Thalian.Contracts.Findings;

namespace Thalian.Findings.Tests.Lifecycle;

public sealed record HistoryDto(long Version, string Transition, DateTimeOffset OccurredAt, string Status, string? Detail);

public sealed record FindingDetailDto(FindingDetails Finding, string? SuppressedBy, string? SuppressionReason, DateTimeOffset? SuppressedUntil,
    IReadOnlyList<HistoryDto> History);

public sealed record FindingPageDto(IReadOnlyList<FindingDetails> Items, string? NextCursor);

public sealed record IdpRuleStatusDto(bool Active, int ConnectedDirectories, IReadOnlyList<string> IncompleteDirectories, string? Reason);

public sealed record SummaryDto(int Total, Dictionary<string, int> ByRule, Dictionary<string, int> BySeverity, Dictionary<string, int> ByStatus,
    Dictionary<string, int> ByAccount, IdpRuleStatusDto IdpRules);
