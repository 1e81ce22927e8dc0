using Thalian.Delivery.Destinations;

namespace Thalian.Delivery.ManagingDestinations;

/// <summary>Which events a destination receives; an empty list means all. Resync events pass every filter but the severity, rule and account ones.</summary>
public sealed record DestinationFilter
{
    /// <summary>"low", "medium", "high" or "critical": that severity and above.</summary>
    public string? MinimumSeverity { get; init; }
    public IReadOnlyList<string> RuleIds { get; init; } = [];
    public IReadOnlyList<string> AccountIds { get; init; } = [];
    /// <summary>Any of "opened", "updated", "resolved", "reopened", "suppressed", "unsuppressed".</summary>
    public IReadOnlyList<string> Transitions { get; init; } = [];

    public static readonly IReadOnlyList<string> Severities = ["low", "medium", "high", "critical"];

    public bool Matches(DeliveryEvent e) =>
        (MinimumSeverity is null || Rank(e.Finding.Severity) >= Rank(MinimumSeverity))
        && (RuleIds.Count == 0 || RuleIds.Contains(e.Finding.RuleId))
        && (AccountIds.Count == 0 || AccountIds.Contains(e.Finding.AccountId))
        && (Transitions.Count == 0 || e.Transition == Destinations.Transitions.Resync || Transitions.Contains(e.Transition));

    public void Check(FieldErrors errors)
    {
        if (MinimumSeverity is { } s && !Severities.Contains(s))
        {
            errors.Add("filter.minimumSeverity", $"One of {string.Join(", ", Severities)}.");
        }
        foreach (var t in Transitions.Where(t => !Destinations.Transitions.Filterable.Contains(t)))
        {
            errors.Add("filter.transitions", $"'{t}' is not a transition; use {string.Join(", ", Destinations.Transitions.Filterable)}.");
        }
        foreach (var a in AccountIds.Where(a => a.Length != 12 || !a.All(char.IsAsciiDigit)))
        {
            errors.Add("filter.accountIds", $"'{a}' is not a 12-digit AWS account id.");
        }
        if (RuleIds.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add("filter.ruleIds", "Rule ids must not be empty.");
        }
    }

    private static int Rank(string severity) => Severities.ToList().IndexOf(severity.ToLowerInvariant());
}
