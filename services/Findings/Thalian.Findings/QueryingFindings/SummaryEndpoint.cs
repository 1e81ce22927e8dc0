using Marten;
using Thalian.Findings.Detecting;
using Thalian.Findings.ManagingFindings;
using Thalian.Findings.TrackingIdentities;
using Thalian.ServiceDefaults.Auth;

namespace Thalian.Findings.QueryingFindings;

public sealed record FindingSummary(int Total, IReadOnlyDictionary<string, int> ByRule, IReadOnlyDictionary<string, int> BySeverity,
    IReadOnlyDictionary<string, int> ByStatus, IReadOnlyDictionary<string, int> ByAccount, IdpRuleStatus IdpRules,
    IReadOnlyList<RuleNotApplicable> NotApplicable, IReadOnlyList<IdentityFindingCount> TopIdentities);

/// <summary>An identity with open findings; <see cref="FindingSummary.TopIdentities"/> lists the ten with the most.</summary>
public sealed record IdentityFindingCount(Guid IdentityId, string ResourceId, string ResourceArn, string AccountId, int Open, string WorstSeverity);

/// <summary>A rule that does not apply to an account, and why (so "no finding" is never silent).</summary>
public sealed record RuleNotApplicable(string AccountId, string RuleId, string Reason);

/// <summary>Whether the IdP-gap rules can currently open or resolve findings, and why not.</summary>
public sealed record IdpRuleStatus(bool Active, int ConnectedDirectories, IReadOnlyList<string> IncompleteDirectories, string? Reason);

public static class SummaryEndpoint
{
    /// <summary>Counts by rule, severity, status and account. Status counts cover every finding; the others count the unresolved ones.</summary>
    public static IEndpointRouteBuilder MapFindingSummary(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/findings/summary", async (HttpContext http, IDocumentStore store, CancellationToken ct) =>
        {
            await using var session = store.QuerySession(http.User.TenantId());
            var rows = await session.Query<FindingView>()
                .Select(f => new SummaryRow(f.RuleId, f.Severity, f.Status, f.AccountId, f.ScopeId, f.ResourceId, f.ResourceArn, f.SeverityRank))
                .ToListAsync(ct);
            var live = rows.Where(r => r.Status != FindingStatuses.Resolved).ToList();
            var idp = (await TenantFacts.LoadAsync(session, ct)).Idp;
            var accounts = await session.Query<TrackedAccount>().Where(a => !a.Removed).ToListAsync(ct);
            return Results.Ok(new FindingSummary(live.Count,
                Count(live, r => r.RuleId), Count(live, r => r.Severity), Count(rows, r => r.Status), Count(live, r => r.AccountId),
                new IdpRuleStatus(idp.WhyUnknown is null, idp.Connected, idp.Incomplete, idp.WhyUnknown),
                [.. NotApplicable(accounts)], TopIdentities(rows)));
        })
            .WithTags("Findings").WithSummary("Counts of findings by rule, severity, status and account")
            .Produces<FindingSummary>();
        return app;
    }

    private static IEnumerable<RuleNotApplicable> NotApplicable(IEnumerable<TrackedAccount> accounts) =>
        from account in accounts.OrderBy(a => a.AccountId, StringComparer.Ordinal)
        let why = RootRules.WhyWithoutCredentials(account.Posture)
        where why is not null
        select new RuleNotApplicable(account.AccountId, RuleIds.RootWithoutMfa, why);

    private static Dictionary<string, int> Count(IEnumerable<SummaryRow> rows, Func<SummaryRow, string> key) =>
        rows.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());

    private static List<IdentityFindingCount> TopIdentities(IEnumerable<SummaryRow> rows) =>
        [.. rows.Where(r => r.Status == FindingStatuses.Open).GroupBy(r => r.ScopeId)
            .Select(g => (Rows: g, Worst: g.MaxBy(r => r.SeverityRank)!))
            .OrderByDescending(x => x.Rows.Count()).ThenByDescending(x => x.Worst.SeverityRank).ThenBy(x => x.Worst.ResourceId, StringComparer.Ordinal)
            .Take(10)
            .Select(x => new IdentityFindingCount(x.Rows.Key, x.Worst.ResourceId, x.Worst.ResourceArn, x.Worst.AccountId, x.Rows.Count(), x.Worst.Severity))];

    private sealed record SummaryRow(string RuleId, string Severity, string Status, string AccountId, Guid ScopeId, string ResourceId,
        string ResourceArn, int SeverityRank);
}
