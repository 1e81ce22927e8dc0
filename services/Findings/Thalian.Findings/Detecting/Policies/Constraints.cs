namespace Thalian.Findings.Detecting.Policies;

/// <summary>
/// Which statement conditions actually pin who may assume a role. A condition counts only with a positive operator,
/// without IfExists (a request lacking the key passes), without ForAllValues: (vacuously true on an absent key), and
/// with every value concrete.
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
        statement.Conditions.FirstOrDefault(c => PrincipalPinningKeys.Contains(c.Key) && IsPositive(c) && c.Values.All(v => IsConcrete(c.Key, v)));

    /// <summary>A non-wildcard sts:ExternalId, or aws:MultiFactorAuthPresent required true.</summary>
    public static PolicyCondition? ExternalIdOrMfa(PolicyStatement statement) =>
        statement.Conditions.FirstOrDefault(c =>
            (string.Equals(c.Key, "sts:ExternalId", StringComparison.OrdinalIgnoreCase) && IsPositive(c)
                && c.Values.All(v => !Glob.IsOnlyWildcard(v)))
            || (string.Equals(c.Key, "aws:MultiFactorAuthPresent", StringComparison.OrdinalIgnoreCase) && c.BaseIs("Bool")
                && !c.IfExists && !c.IsForAllValues && c.Values.Count > 0
                && c.Values.All(v => string.Equals(v.Trim(), "true", StringComparison.OrdinalIgnoreCase))));

    private static bool IsPositive(PolicyCondition c) => c.BaseIs(PositiveOperators) && !c.IfExists && !c.IsForAllValues && c.Values.Count > 0;

    /// <summary>A value that pins something: not empty, not only wildcards, and for ARNs and org paths no wildcard in the account or org part.</summary>
    public static bool IsConcrete(string key, string value)
    {
        if (Glob.IsOnlyWildcard(value))
        {
            return false;
        }
        if (key.EndsWith("arn", StringComparison.OrdinalIgnoreCase))
        {
            var parts = value.Split(':');
            if (parts.Length < 6 || !string.Equals(parts[0], "arn", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
            var account = parts[4];
            var resource = string.Join(':', parts[5..]);
            return account.Length == 0 ? !Glob.IsOnlyWildcard(resource) : !account.Any(c => c is '*' or '?');
        }
        if (key.EndsWith("orgpaths", StringComparison.OrdinalIgnoreCase))
        {
            return !value.Split('/')[0].Any(c => c is '*' or '?');
        }
        return true;
    }
}
