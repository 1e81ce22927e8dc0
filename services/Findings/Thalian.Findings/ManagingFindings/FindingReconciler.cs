using Marten;
using Thalian.Findings.Detecting;

namespace Thalian.Findings.ManagingFindings;

/// <summary>Turns one identity's rule verdicts into finding transitions: open, update, reopen, touch, resolve.</summary>
public static class FindingReconciler
{
    public const string ConditionCleared = "condition-cleared";
    public const string ResourceGone = "resource-gone";

    /// <param name="mayResolve">False when the data behind the evaluation came from an incomplete sync.</param>
    public static async Task ReconcileAsync(IDocumentSession session, Guid scopeId, IReadOnlyList<RuleVerdict> verdicts,
        bool mayResolve, DateTimeOffset now, CancellationToken ct)
    {
        var tenant = session.TenantId;
        var existing = (await session.Query<FindingView>().Where(f => f.ScopeId == scopeId).ToListAsync(ct)).ToDictionary(f => f.Id);
        var fired = new HashSet<Guid>();
        foreach (var result in verdicts.SelectMany(v => v.Results))
        {
            var id = FindingIds.For(tenant, result.RuleId, result.ResourceId);
            if (fired.Add(id))
            {
                existing.TryGetValue(id, out var current);
                FindingWriter.Write(session, current, FindingDecider.Observe(current, result, tenant, scopeId, now));
            }
        }
        foreach (var verdict in verdicts.Where(v => v.DataProblem is not null))
        {
            foreach (var view in existing.Values.Where(v => !fired.Contains(v.Id) && v.RuleId == verdict.RuleId))
            {
                FindingWriter.Write(session, view, FindingDecider.ShowDataProblem(view, verdict.DataProblem!, now));
            }
        }
        if (!mayResolve)
        {
            return;
        }
        var decided = verdicts.Where(v => v.Decided).Select(v => v.RuleId).ToHashSet();
        foreach (var view in existing.Values.Where(v => !fired.Contains(v.Id) && decided.Contains(v.RuleId)))
        {
            FindingWriter.Write(session, view, FindingDecider.Resolve(view, ConditionCleared, now));
        }
    }

    /// <summary>The identity is gone (deleted on a complete sync, or its connection removed): everything about it resolves.</summary>
    public static async Task ResolveScopeAsync(IDocumentSession session, Guid scopeId, DateTimeOffset now, CancellationToken ct)
    {
        var open = await session.Query<FindingView>().Where(f => f.ScopeId == scopeId && f.Status != FindingStatuses.Resolved).ToListAsync(ct);
        foreach (var view in open)
        {
            FindingWriter.Write(session, view, FindingDecider.Resolve(view, ResourceGone, now));
        }
    }

    public static async Task ResolveAccountAsync(IDocumentSession session, string accountId, DateTimeOffset now, CancellationToken ct)
    {
        var open = await session.Query<FindingView>().Where(f => f.AccountId == accountId && f.Status != FindingStatuses.Resolved).ToListAsync(ct);
        foreach (var view in open)
        {
            FindingWriter.Write(session, view, FindingDecider.Resolve(view, ResourceGone, now));
        }
    }
}
