using Thalian.Findings.Detecting.Policies;
using Thalian.Findings.TrackingIdentities;

namespace Thalian.Findings.Detecting;

/// <summary>wildcard-trust-principal and cross-account-trust-without-condition on a role's trust policy.</summary>
public static class TrustRules
{
    public static readonly string[] AssumeActions = ["sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity"];

    public static IReadOnlyList<RuleVerdict> Evaluate(TrackedRole state, RuleContext context)
    {
        var role = state.Role;
        var parsed = role.TrustPolicyError is { } error ? PolicyParseResult.Fail(error) : PolicyParser.Parse(role.TrustPolicy);
        if (parsed.Document is not { } document)
        {
            // Never "safe": an unreadable trust policy is reported as possibly open to anyone.
            var evidence = Base(state);
            evidence["trustPolicy"] = "unparseable";
            evidence["parseError"] = parsed.Error ?? "unknown";
            return
            [
                RuleVerdict.Fire(Result(RuleIds.WildcardTrust, Severities.Critical, state, evidence,
                    $"The trust policy of role {role.RoleName} could not be parsed; who may assume it is unknown")),
                RuleVerdict.Undecided(RuleIds.CrossAccountTrust, $"trust policy unparseable: {parsed.Error}"),
            ];
        }
        var assumable = document.Statements.Where(s => s.IsAllow && (s.NotPrincipal is not null || AllowsAssume(s))).ToList();
        return [Wildcard(state, assumable), CrossAccount(state, assumable, context)];
    }

    public static bool AllowsAssume(PolicyStatement s) =>
        s.Actions is { } actions
            ? AssumeActions.Any(a => actions.Any(p => Glob.Matches(p.Trim(), a)))
            : AssumeActions.Any(a => !s.NotActions!.Any(p => Glob.Matches(p.Trim(), a)));

    private static RuleVerdict Wildcard(TrackedRole state, List<PolicyStatement> statements)
    {
        var open = statements.Where(s => Constraints.PrincipalPinning(s) is null
            && (s.NotPrincipal is not null
                || (s.Principal is { } p && (p.Everyone || p.AllValues.Any(v => TrustPrincipals.Classify(v, state.Partition).Kind == PrincipalKind.Wildcard)))))
            .ToList();
        var federated = statements.Select(s => (statement: s, who: PublicOidcIssuers.OpenTo(s))).Where(x => x.who.Count > 0).ToList();
        if (open.Count == 0 && federated.Count == 0)
        {
            return RuleVerdict.Clear(RuleIds.WildcardTrust);
        }
        var evidence = Base(state);
        evidence["statements"] = string.Join("; ", open.Select(s => s.NotPrincipal is not null
                ? $"{s.Label}: Allow with NotPrincipal"
                : $"{s.Label}: principal * without a constraining condition{ConditionsNote(s)}")
            .Concat(federated.Select(x => $"{x.statement.Label}: web identity from {string.Join(", ", x.who.Select(o => $"{o.Issuer} ({o.Who})"))} without a condition pinning the subject{ConditionsNote(x.statement)}")));
        if (open.Count > 0)
        {
            return RuleVerdict.Fire(Result(RuleIds.WildcardTrust, Severities.Critical, state, evidence,
                $"Role {state.Role.RoleName} can be assumed by any principal"));
        }
        var who = federated.SelectMany(x => x.who).Select(o => o.Who).Distinct().ToList();
        evidence["openTo"] = string.Join(", ", who);
        return RuleVerdict.Fire(Result(RuleIds.WildcardTrust, Severities.Critical, state, evidence,
            $"{Capitalise(string.Join(" and ", who))} can assume role {state.Role.RoleName}"));
    }

    private static RuleVerdict CrossAccount(TrackedRole state, List<PolicyStatement> statements, RuleContext context)
    {
        var external = new List<string>();
        var deleted = new List<string>();
        foreach (var statement in statements.Where(s => s.Principal is not null && AllowsAssume(s)))
        {
            var principals = statement.Principal!.Of("AWS").Select(v => TrustPrincipals.Classify(v, state.Partition)).ToList();
            deleted.AddRange(principals.Where(p => p.Kind == PrincipalKind.UniqueId).Select(p => p.Value));
            var foreign = principals.Where(p => IsAnotherAccount(p, state, context)).ToList();
            if (foreign.Count > 0 && Constraints.PrincipalPinning(statement) is null && Constraints.ExternalIdOrMfa(statement) is null)
            {
                external.AddRange(foreign.Select(p => $"{p.Value} ({statement.Label}{ConditionsNote(statement)})"));
            }
        }
        if (external.Count == 0)
        {
            return RuleVerdict.Clear(RuleIds.CrossAccountTrust);
        }
        var evidence = Base(state);
        evidence["externalPrincipals"] = string.Join("; ", external);
        if (deleted.Count > 0)
        {
            evidence["deletedPrincipals"] = string.Join(", ", deleted);
        }
        return RuleVerdict.Fire(Result(RuleIds.CrossAccountTrust, Severities.High, state, evidence,
            $"Role {state.Role.RoleName} can be assumed from another account without ExternalId, MFA or another constraint"));
    }

    private static bool IsAnotherAccount(TrustPrincipal p, TrackedRole state, RuleContext context)
    {
        if (p.Kind == PrincipalKind.Unrecognised)
        {
            return true;
        }
        if (p.Kind != PrincipalKind.Account)
        {
            return false;
        }
        if (context.Settings.TrustedAccountIds.Contains(p.AccountId!))
        {
            return false;
        }
        if (!string.Equals(p.Partition, state.Partition, StringComparison.Ordinal))
        {
            return true;
        }
        return p.AccountId != state.AccountId && !context.TenantAccountIds.Contains(p.AccountId!);
    }

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string ConditionsNote(PolicyStatement s) =>
        s.Conditions.Count == 0 ? ", no condition" : $", conditions: {string.Join(", ", s.Conditions)}";

    private static Dictionary<string, string> Base(TrackedRole state) => new()
    {
        ["roleArn"] = state.Role.Arn,
        ["roleName"] = state.Role.RoleName,
        ["accountId"] = state.AccountId,
    };

    private static RuleResult Result(string ruleId, string severity, TrackedRole state, Dictionary<string, string> evidence, string summary) =>
        new(ruleId, severity, ResourceTypes.IamRole, $"{state.AccountId}/role/{state.Role.RoleId}", state.Role.Arn, state.AccountId,
            summary, evidence, state.ObservedAt);
}
