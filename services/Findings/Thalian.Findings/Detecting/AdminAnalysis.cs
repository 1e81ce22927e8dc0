using Thalian.Contracts.Aws;
using Thalian.Findings.Detecting.Policies;

namespace Thalian.Findings.Detecting;

/// <param name="Paths">How the user is admin, e.g. "arn:aws:iam::aws:policy/AdministratorAccess via group admins".</param>
/// <param name="Effective">Admin through a policy document rather than the AWS-managed policies.</param>
/// <param name="Unreadable">Policies whose document could not be parsed; they are treated as possibly admin, never as safe.</param>
public sealed record AdminAssessment(bool IsAdmin, bool Effective, IReadOnlyList<string> Paths, IReadOnlyList<string> Unreadable);

/// <summary>Decides whether an IAM user has admin rights (rules.md "Admin").</summary>
public static class AdminAnalysis
{
    private static readonly string[] AdminPolicyNames = ["AdministratorAccess", "PowerUserAccess"];

    public static AdminAssessment Assess(IamUserObservation user, string partition)
    {
        var paths = new List<string>();
        var unreadable = new List<string>();
        var effective = false;
        foreach (var grant in user.Policies)
        {
            var via = Via(grant);
            if (grant.PolicyArn is { } arn && AdminPolicyNames.Any(n => arn == $"arn:{partition}:iam::aws:policy/{n}"))
            {
                paths.Add($"{arn} {via}");
                continue;
            }
            if (grant.Kind is "aws-managed")
            {
                continue;
            }
            if (grant.DocumentError is not null || grant.Document is not null)
            {
                var parsed = grant.DocumentError is null ? PolicyParser.Parse(grant.Document) : PolicyParseResult.Fail(grant.DocumentError);
                if (parsed.Document is null)
                {
                    unreadable.Add($"{grant.Kind} policy {grant.Name} {via}: {parsed.Error}");
                }
                else if (GrantsEverything(parsed.Document) is { } statement)
                {
                    effective = true;
                    paths.Add($"effective admin: {grant.Kind} policy {grant.Name} {via}, {statement.Label} allows all actions on *");
                }
            }
        }
        return new AdminAssessment(paths.Count > 0 || unreadable.Count > 0, effective && paths.Count > 0, paths, unreadable);
    }

    private static string Via(PolicyGrant grant) =>
        grant.Source.StartsWith("group:", StringComparison.OrdinalIgnoreCase) ? $"via group {grant.Source[6..]}" : "attached directly";

    /// <summary>An Allow whose actions cover every action (<c>*</c>, <c>*:*</c>) or that has only NotAction, on resource <c>*</c>.</summary>
    public static PolicyStatement? GrantsEverything(PolicyDocument document) =>
        document.Statements.FirstOrDefault(s => s.IsAllow
            && s.Resources is { } resources && resources.Any(r => r.Trim() == "*")
            && ((s.Actions is { } actions && actions.Any(CoversEveryAction)) || (s.Actions is null && s.NotActions is not null)));

    private static bool CoversEveryAction(string pattern)
    {
        var parts = pattern.Trim().Split(':');
        return parts.Length <= 2 && parts.All(p => p.Length > 0 && p.All(c => c == '*'));
    }
}
