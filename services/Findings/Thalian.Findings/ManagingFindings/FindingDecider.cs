using Thalian.Contracts.Findings;
using Thalian.Findings.Detecting;

namespace Thalian.Findings.ManagingFindings;

/// <summary>The new view to store (null: nothing to write) and the events to append (empty: a "still seen" touch).</summary>
public sealed record Decision(FindingView? View, IReadOnlyList<object> Events, string? Error = null)
{
    public static readonly Decision Nothing = new(null, []);

    public static Decision Rejected(string error) => new(null, [], error);
}

/// <summary>
/// The finding lifecycle as pure functions: opened → updated → resolved → reopened, suppression on top. A
/// resolution ends a suppression (it was about that occurrence); an expired suppression leaves the finding open.
/// </summary>
public static class FindingDecider
{
    public static Decision Observe(FindingView? current, RuleResult result, string tenant, Guid scopeId, DateTimeOffset now)
    {
        if (current is null)
        {
            var opened = FromResult(result, tenant, scopeId, now) with { Status = FindingStatuses.Open, FirstSeenAt = now, Version = 1 };
            return new(opened, [new FindingOpened(Details(opened), now)]);
        }
        var seen = Apply(current, result, now);
        if (current.Status == FindingStatuses.Resolved)
        {
            var reopened = seen with { Status = FindingStatuses.Open, ResolvedAt = null, Version = current.Version + 1 };
            return new(reopened, [new FindingReopened(Details(reopened), now)]);
        }
        var changed = ChangedFields(current, result);
        if (changed.Count == 0)
        {
            return new(seen, []);
        }
        var updated = seen with { Version = current.Version + 1 };
        return new(updated, [new FindingUpdated(Details(updated), changed, now)]);
    }

    /// <summary>The data behind an open finding can no longer be read: it stays as it is and says why it cannot be re-checked.</summary>
    public static Decision ShowDataProblem(FindingView current, string problem, DateTimeOffset now)
    {
        if (current.Status == FindingStatuses.Resolved || current.Evidence.GetValueOrDefault(DataProblemKey) == problem)
        {
            return Decision.Nothing;
        }
        var updated = current with { Evidence = new(current.Evidence) { [DataProblemKey] = problem }, Version = current.Version + 1 };
        return new(updated, [new FindingUpdated(Details(updated), ["evidence"], now)]);
    }

    public const string DataProblemKey = "dataProblem";

    public static Decision Resolve(FindingView current, string reason, DateTimeOffset now)
    {
        if (current.Status == FindingStatuses.Resolved)
        {
            return Decision.Nothing;
        }
        var resolved = current with
        {
            Status = FindingStatuses.Resolved, ResolvedAt = now, Version = current.Version + 1,
            SuppressedBy = null, SuppressionReason = null, SuppressedUntil = null,
        };
        return new(resolved, [new FindingResolved(Details(resolved), reason, now)]);
    }

    public static Decision Suppress(FindingView current, string by, string reason, DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        if (current.Status == FindingStatuses.Resolved)
        {
            return Decision.Rejected("A resolved finding cannot be suppressed.");
        }
        var suppressed = current with
        {
            Status = FindingStatuses.Suppressed, SuppressedBy = by, SuppressionReason = reason, SuppressedUntil = expiresAt,
            Version = current.Version + 1,
        };
        return new(suppressed, [new FindingSuppressed(Details(suppressed), by, reason, expiresAt, now)]);
    }

    public static Decision Unsuppress(FindingView current, string by, bool automatic, DateTimeOffset now)
    {
        if (current.Status != FindingStatuses.Suppressed)
        {
            return Decision.Rejected("The finding is not suppressed.");
        }
        var open = current with
        {
            Status = FindingStatuses.Open, SuppressedBy = null, SuppressionReason = null, SuppressedUntil = null,
            Version = current.Version + 1,
        };
        return new(open, [new FindingUnsuppressed(Details(open), by, automatic, now)]);
    }

    public static FindingDetails Details(FindingView view) => new()
    {
        TenantId = view.Tenant,
        FindingId = view.Id,
        RuleId = view.RuleId,
        Title = view.Title,
        Severity = view.Severity,
        Status = view.Status,
        ResourceType = view.ResourceType,
        ResourceArn = view.ResourceArn,
        ResourceId = view.ResourceId,
        AccountId = view.AccountId,
        IdentityId = view.ScopeId,
        Summary = view.Summary,
        Evidence = view.Evidence.Concat(view.VolatileEvidence).ToDictionary(),
        FirstSeenAt = view.FirstSeenAt,
        LastSeenAt = view.LastSeenAt,
        DataObservedAt = view.DataObservedAt,
        CisControl = view.CisControl,
    };

    private static List<string> ChangedFields(FindingView current, RuleResult result)
    {
        var changed = new List<string>();
        if (current.Severity != result.Severity)
        {
            changed.Add("severity");
        }
        if (current.Summary != result.Summary)
        {
            changed.Add("summary");
        }
        if (current.Evidence.Count != result.Evidence.Count
            || result.Evidence.Any(e => !current.Evidence.TryGetValue(e.Key, out var v) || v != e.Value))
        {
            changed.Add("evidence");
        }
        return changed;
    }

    private static FindingView Apply(FindingView current, RuleResult result, DateTimeOffset now) =>
        FromResult(result, current.Tenant, current.ScopeId, now) with
        {
            Id = current.Id, Status = current.Status, FirstSeenAt = current.FirstSeenAt, Version = current.Version,
            ResolvedAt = current.ResolvedAt, SuppressedBy = current.SuppressedBy, SuppressionReason = current.SuppressionReason,
            SuppressedUntil = current.SuppressedUntil,
        };

    private static FindingView FromResult(RuleResult result, string tenant, Guid scopeId, DateTimeOffset now)
    {
        var rule = RuleCatalogue.Get(result.RuleId);
        return new FindingView
        {
            Id = FindingIds.For(tenant, result.RuleId, result.ResourceId),
            Tenant = tenant,
            ScopeId = scopeId,
            RuleId = result.RuleId,
            Title = rule.Title,
            Severity = result.Severity,
            SeverityRank = Severities.Rank(result.Severity),
            Status = FindingStatuses.Open,
            ResourceType = result.ResourceType,
            ResourceArn = result.ResourceArn,
            ResourceId = result.ResourceId,
            AccountId = result.AccountId,
            Summary = result.Summary,
            Evidence = result.Evidence.ToDictionary(),
            VolatileEvidence = result.VolatileEvidence.ToDictionary(),
            LastSeenAt = now,
            DataObservedAt = result.DataObservedAt,
            CisControl = rule.Cis is null ? null : RuleCatalogue.CisReference(rule),
            SearchText = string.Join(' ', result.RuleId, result.ResourceArn, result.ResourceId, result.Summary, result.AccountId).ToLowerInvariant(),
        };
    }
}
