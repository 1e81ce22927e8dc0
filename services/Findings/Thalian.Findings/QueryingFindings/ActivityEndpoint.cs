using Marten;
using Thalian.Findings.ManagingFindings;
using Thalian.ServiceDefaults.Auth;

namespace Thalian.Findings.QueryingFindings;

/// <summary>Findings opened (or reopened) and resolved on one UTC day.</summary>
public sealed record ActivityDay(DateOnly Date, int Opened, int Resolved);

/// <summary>One transition of a finding.</summary>
public sealed record ActivityChange(Guid FindingId, string RuleId, string Title, string Severity, string ResourceId, string ResourceArn, string AccountId,
    string Transition, DateTimeOffset OccurredAt);

/// <param name="Days">Oldest first, one entry per day of the window, today included.</param>
/// <param name="Changes">The transitions since <paramref name="ChangesSince"/> (24 hours ago), newest first, at most 100.</param>
/// <param name="ChangeCount">How many transitions there were since then in all.</param>
public sealed record FindingActivity(IReadOnlyList<ActivityDay> Days, DateTimeOffset ChangesSince, IReadOnlyList<ActivityChange> Changes, int ChangeCount);

/// <summary>GET /api/v1/findings/activity: opened vs resolved per day over the last N days, and what changed since yesterday, from the finding streams.</summary>
public static class ActivityEndpoint
{
    private const int MaxChanges = 100;

    public static IEndpointRouteBuilder MapFindingActivity(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/findings/activity", async (int? days, HttpContext http, IDocumentStore store, TimeProvider time, CancellationToken ct) =>
        {
            var window = days ?? 30;
            if (window is < 1 or > 366)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["days"] = ["Must be between 1 and 366."] });
            }
            var now = time.GetUtcNow();
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            var from = new DateTimeOffset(today.AddDays(1 - window).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            await using var session = store.QuerySession(http.User.TenantId());
            var names = TransitionTypeNames(store);
            var events = await session.Events.QueryAllRawEvents()
                .Where(e => e.Timestamp >= from && e.EventTypeName.IsOneOf(names))
                .ToListAsync(ct);
            var entries = events.Select(e => (Event: e, History: FindingHistory.Entry(e))).ToList();
            var byDay = entries.GroupBy(x => DateOnly.FromDateTime(x.History.OccurredAt.UtcDateTime)).ToDictionary(g => g.Key, g => g.ToList());
            var series = Enumerable.Range(0, window).Select(i => today.AddDays(i + 1 - window)).Select(day => new ActivityDay(day,
                byDay.GetValueOrDefault(day)?.Count(x => x.History.Transition is "opened" or "reopened") ?? 0,
                byDay.GetValueOrDefault(day)?.Count(x => x.History.Transition == "resolved") ?? 0)).ToList();
            var since = now.AddDays(-1);
            var recent = entries.Where(x => x.History.OccurredAt >= since)
                .OrderByDescending(x => x.History.OccurredAt).ThenByDescending(x => x.Event.Sequence).ToList();
            return Results.Ok(new FindingActivity(series, since, [.. recent.Take(MaxChanges).Select(x => Change(x.Event))], recent.Count));
        })
            .WithTags("Findings").WithSummary("Findings opened vs resolved per day, and every transition since yesterday")
            .Produces<FindingActivity>().ProducesValidationProblem();
        return app;
    }

    private static readonly Type[] Transitions =
        [typeof(FindingOpened), typeof(FindingReopened), typeof(FindingResolved), typeof(FindingSuppressed), typeof(FindingUnsuppressed)];

    private static string[] TransitionTypeNames(IDocumentStore store) =>
        [.. store.Options.Events.AllKnownEventTypes().Where(t => Transitions.Contains(t.EventType)).Select(t => t.EventTypeName)];

    private static ActivityChange Change(JasperFx.Events.IEvent e)
    {
        var entry = FindingHistory.Entry(e);
        var finding = FindingHistory.FindingOf(e)!;
        return new ActivityChange(finding.FindingId, finding.RuleId, finding.Title, finding.Severity, finding.ResourceId, finding.ResourceArn, finding.AccountId,
            entry.Transition, entry.OccurredAt);
    }
}
