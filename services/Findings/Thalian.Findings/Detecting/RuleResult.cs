namespace Thalian.Findings.Detecting;

/// <summary>
/// One firing of a rule on one resource. <see cref="Evidence"/> is compared between evaluations (a change is a
/// FindingUpdated); <see cref="VolatileEvidence"/> holds values that move with the clock (ages, dwell time) and is
/// refreshed without an event.
/// </summary>
public sealed record RuleResult(
    string RuleId,
    string Severity,
    string ResourceType,
    string ResourceId,
    string ResourceArn,
    string AccountId,
    string Summary,
    IReadOnlyDictionary<string, string> Evidence,
    DateTimeOffset DataObservedAt)
{
    public IReadOnlyDictionary<string, string> VolatileEvidence { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// A rule's answer for one identity: fired (one or more results), decided clear, or undecided (the data needed is
/// missing or incomplete — resolve nothing). An undecided verdict may still carry results found on the data that
/// could be read; <see cref="DataProblem"/> says in words what could not be read, for the open findings to show.
/// </summary>
public sealed record RuleVerdict(string RuleId, bool Decided, IReadOnlyList<RuleResult> Results, string? UndecidedReason = null)
{
    public string? DataProblem { get; init; }

    /// <summary>Source data the rule needs could not be read or parsed: no guess, no resolution, the problem shown.</summary>
    public static RuleVerdict Unreadable(string ruleId, string problem, IReadOnlyList<RuleResult>? results = null) =>
        new(ruleId, false, results ?? [], problem) { DataProblem = problem };

    public static RuleVerdict Clear(string ruleId) => new(ruleId, true, []);

    public static RuleVerdict Fire(RuleResult result) => new(result.RuleId, true, [result]);

    public static RuleVerdict Of(string ruleId, IReadOnlyList<RuleResult> results) => new(ruleId, true, results);

    public static RuleVerdict Undecided(string ruleId, string reason) => new(ruleId, false, [], reason);

    public bool Fired => Results.Count > 0;
}
