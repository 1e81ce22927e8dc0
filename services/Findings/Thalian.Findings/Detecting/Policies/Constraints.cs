namespace Thalian.Findings.Detecting.Policies;

/// <summary>
/// Which statement conditions actually pin who may assume a role. A condition counts only with a positive operator,
/// without IfExists (a request lacking the key passes), without ForAllValues: (vacuously true on an absent key), and
/// with every value a literal.
/// </summary>
public static class Constraints
{
    private static readonly HashSet<string> PrincipalPinningKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalAccount", "aws:PrincipalArn",
        "aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID",
    };

    private static readonly string[] PositiveOperators =
        ["StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike"];

    /// <summary>The first condition pinning the principal's organisation, account, ARN or source; null when none.</summary>
    public static PolicyCondition? PrincipalPinning(PolicyStatement statement) =>
        statement.Conditions.FirstOrDefault(c => PrincipalPinningKeys.Contains(c.Key) && IsPositive(c) && c.Values.All(IsLiteral));

    /// <summary>A non-wildcard sts:ExternalId, or aws:MultiFactorAuthPresent required true.</summary>
    public static PolicyCondition? ExternalIdOrMfa(PolicyStatement statement) =>
        statement.Conditions.FirstOrDefault(c =>
            (string.Equals(c.Key, "sts:ExternalId", StringComparison.OrdinalIgnoreCase) && IsPositive(c)
                && c.Values.All(v => !Glob.IsOnlyWildcard(v)))
            || (string.Equals(c.Key, "aws:MultiFactorAuthPresent", StringComparison.OrdinalIgnoreCase) && c.BaseIs("Bool")
                && !c.IfExists && !c.IsForAllValues && c.Values.Count > 0
                && c.Values.All(v => string.Equals(v.Trim(), "true", StringComparison.OrdinalIgnoreCase))));

    internal static bool IsPositive(PolicyCondition c) => c.BaseIs(PositiveOperators) && !c.IfExists && !c.IsForAllValues && c.Values.Count > 0;

    /// <summary>
    /// A value pins something only as a literal: <c>*</c>, <c>?</c> or a policy variable (<c>${...}</c>) anywhere in it
    /// — <c>o-*</c>, <c>arn:aws:iam::*:role/x</c>, <c>${aws:PrincipalAccount}</c> — lets an outsider satisfy the
    /// condition, whatever the operator.
    /// </summary>
    public static bool IsLiteral(string value) =>
        value.Trim().Length > 0 && !value.Contains('*', StringComparison.Ordinal) && !value.Contains('?', StringComparison.Ordinal)
        && !value.Contains("${", StringComparison.Ordinal);
}
