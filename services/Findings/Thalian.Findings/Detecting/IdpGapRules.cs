using Thalian.Contracts.Idp;
using Thalian.Findings.TrackingIdentities;

namespace Thalian.Findings.Detecting;

/// <summary>aws-admin-not-in-idp, aws-user-not-in-idp and stale-iam-user: human IAM users against the IdP.</summary>
public static class IdpGapRules
{
    public static IReadOnlyList<RuleVerdict> Evaluate(TrackedUser state, RuleContext context)
    {
        string[] ids = [RuleIds.AdminNotInIdp, RuleIds.UserNotInIdp, RuleIds.StaleIamUser];
        if (ServiceAccounts.WhyServiceAccount(state.User, context.Settings, context.Now) is not null)
        {
            return [.. ids.Select(RuleVerdict.Clear)];
        }
        var unknown = context.Idp.WhyUnknown ?? (state.Match.State == "no-idp" ? "the match was made without IdP data" : null);
        if (unknown is not null)
        {
            return [.. ids.Select(id => RuleVerdict.Undecided(id, unknown))];
        }
        return [.. NotInIdp(state, context), Stale(state, context)];
    }

    private static IEnumerable<RuleVerdict> NotInIdp(TrackedUser state, RuleContext context)
    {
        if (state.Match.State != "unmatched")
        {
            return [RuleVerdict.Clear(RuleIds.AdminNotInIdp), RuleVerdict.Clear(RuleIds.UserNotInIdp)];
        }
        var admin = AdminAnalysis.Assess(state.User, state.Partition);
        var evidence = UserEvidence.Base(state);
        evidence["matchAttempts"] = string.Join("; ", state.Match.Attempts);
        evidence["consoleUsable"] = UserEvidence.Bool(state.User.Credentials?.PasswordEnabled == true);
        evidence["activeAccessKeys"] = UserEvidence.ActiveKeys(state.User);
        if (state.Match.RemovedMatches is { Count: > 0 } removed)
        {
            evidence["removedIdpAccounts"] = string.Join("; ", removed.Select(a =>
                $"{a.Provider} {a.PrimaryEmail ?? a.ExternalId} removed from the IdP at {UserEvidence.Date(a.RemovedAt)}"));
        }
        if (!admin.IsAdmin)
        {
            // A group that could not be read may make the user an admin: the admin rule waits, the gap itself is a fact.
            var unreadGroups = UnreadableData.Groups(state.User.DataProblems);
            if (unreadGroups is not null)
            {
                evidence["adminStatus"] = $"unknown: {unreadGroups}";
            }
            var result = UserEvidence.Result(RuleIds.UserNotInIdp, Severities.High, state, evidence, state.ObservedAt,
                $"IAM user {state.User.UserName} has no account in the identity provider");
            return [unreadGroups is null ? RuleVerdict.Clear(RuleIds.AdminNotInIdp) : RuleVerdict.Unreadable(RuleIds.AdminNotInIdp, unreadGroups),
                RuleVerdict.Fire(result)];
        }
        evidence["adminPath"] = string.Join("; ", admin.Paths.Concat(admin.Unreadable.Select(u => $"unparseable, treated as possibly admin: {u}")));
        evidence["effectiveAdmin"] = UserEvidence.Bool(admin.Effective);
        var adminResult = UserEvidence.Result(RuleIds.AdminNotInIdp, Severities.Critical, state, evidence, state.ObservedAt,
            $"Admin IAM user {state.User.UserName} has no account in the identity provider");
        return [RuleVerdict.Fire(adminResult), RuleVerdict.Clear(RuleIds.UserNotInIdp)];
    }

    private static RuleVerdict Stale(TrackedUser state, RuleContext context)
    {
        var linked = state.Match.State == "linked" ? state.Match.Accounts : [];
        if (linked.Count == 0 || !linked.All(Left))
        {
            return RuleVerdict.Clear(RuleIds.StaleIamUser);
        }
        var evidence = UserEvidence.Base(state);
        evidence["matchMethod"] = state.Match.Method ?? "";
        evidence["consoleUsable"] = UserEvidence.Bool(state.User.Credentials?.PasswordEnabled == true);
        evidence["activeAccessKeys"] = UserEvidence.ActiveKeys(state.User);
        var volatileEvidence = new Dictionary<string, string>();
        for (var i = 0; i < linked.Count; i++)
        {
            var account = linked[i];
            var lifecycle = account.Removed ? "Removed" : account.Lifecycle.ToString();
            evidence[$"idpAccount{i + 1}"] = $"{account.Provider} {account.PrimaryEmail ?? account.ExternalId}: {lifecycle} (raw {account.RawStatus})";
            evidence[$"idpAccount{i + 1}LeftActiveAt"] = account.LeftActiveAt?.ToString("O") ?? "unknown";
            if (account.LeftActiveAt is { } left)
            {
                volatileEvidence[$"idpAccount{i + 1}DwellDays"] = ((int)(context.Now - left).TotalDays).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        var result = UserEvidence.Result(RuleIds.StaleIamUser, Severities.High, state, evidence, state.ObservedAt,
            $"IAM user {state.User.UserName} is still usable but its IdP account is suspended or deprovisioned")
            with { VolatileEvidence = volatileEvidence };
        return RuleVerdict.Fire(result);
    }

    private static bool Left(Thalian.Contracts.Correlation.LinkedIdpAccount account) =>
        account.Removed || account.Lifecycle is IdpLifecycle.Suspended or IdpLifecycle.Deprovisioned;
}
