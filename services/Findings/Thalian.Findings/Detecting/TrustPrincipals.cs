using System.Text.RegularExpressions;

namespace Thalian.Findings.Detecting;

public enum PrincipalKind { Wildcard, Account, UniqueId, Unrecognised }

/// <summary>An AWS principal value from a trust policy, classified.</summary>
public sealed record TrustPrincipal(string Value, PrincipalKind Kind, string? Partition, string? AccountId);

public static partial class TrustPrincipals
{
    /// <summary>
    /// Bare 12-digit id and <c>arn:P:iam::ACCT:root</c> both mean the whole account; user/role/assumed-role ARNs carry
    /// their account in the fifth field; AIDA/AROA-style unique ids are deleted principals.
    /// </summary>
    public static TrustPrincipal Classify(string value, string rolePartition)
    {
        var v = value.Trim();
        if (v == "*")
        {
            return new(v, PrincipalKind.Wildcard, null, null);
        }
        if (AccountId().IsMatch(v))
        {
            return new(v, PrincipalKind.Account, rolePartition, v);
        }
        if (UniqueId().IsMatch(v))
        {
            return new(v, PrincipalKind.UniqueId, null, null);
        }
        var parts = v.Split(':');
        if (parts.Length >= 6 && parts[0] == "arn")
        {
            if (parts[4] == "*")
            {
                return new(v, PrincipalKind.Wildcard, parts[1], null);
            }
            if (AccountId().IsMatch(parts[4]))
            {
                return new(v, PrincipalKind.Account, parts[1], parts[4]);
            }
        }
        return new(v, PrincipalKind.Unrecognised, null, null);
    }

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountId();

    [GeneratedRegex("^A(IDA|ROA|IPA|GPA|NPA|NVA|SIA|KIA)[A-Z0-9]{12,}$")]
    private static partial Regex UniqueId();
}
