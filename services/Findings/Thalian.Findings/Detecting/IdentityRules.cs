using Thalian.Findings.TrackingIdentities;

namespace Thalian.Findings.Detecting;

/// <summary>All rules for one identity.</summary>
public static class IdentityRules
{
    public static IReadOnlyList<RuleVerdict> ForUser(TrackedUser user, RuleContext context) =>
        [.. IdpGapRules.Evaluate(user, context), .. CredentialRules.Evaluate(user, context)];

    public static IReadOnlyList<RuleVerdict> ForRole(TrackedRole role, RuleContext context) => TrustRules.Evaluate(role, context);

    public static IReadOnlyList<RuleVerdict> ForAccount(TrackedAccount account, RuleContext context) => RootRules.Evaluate(account, context);
}
