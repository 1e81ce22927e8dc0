using Marten;
using Thalian.Findings.ManagingFindings;
using Thalian.ServiceDefaults.Auth;

namespace Thalian.Findings.QueryingFindings;

public sealed record FindingSummary(int Total, IReadOnlyDictionary<string, int> ByRule, IReadOnlyDictionary<string, int> BySeverity,
    IReadOnlyDictionary<string, int> ByStatus, IReadOnlyDictionary<string, int> ByAccount);

public static class SummaryEndpoint
{
    /// <summary>Counts by rule, severity, status and account. Status counts cover every finding; the others count the unresolved ones.</summary>
    public static IEndpointRouteBuilder MapFindingSummary(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/findings/summary", async (HttpContext http, IDocumentStore store, CancellationToken ct) =>
        {
            await using var session = store.QuerySession(http.User.TenantId());
            var rows = await session.Query<FindingView>()
                .Select(f => new SummaryRow(f.RuleId, f.Severity, f.Status, f.AccountId))
                .ToListAsync(ct);
            var live = rows.Where(r => r.Status != FindingStatuses.Resolved).ToList();
            return Results.Ok(new FindingSummary(live.Count,
                Count(live, r => r.RuleId), Count(live, r => r.Severity), Count(rows, r => r.Status), Count(live, r => r.AccountId)));
        });
        return app;
    }

    private static Dictionary<string, int> Count(IEnumerable<SummaryRow> rows, Func<SummaryRow, string> key) =>
        rows.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());

    private sealed record SummaryRow(string RuleId, string Severity, string Status, string AccountId);
}
