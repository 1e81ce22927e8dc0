using Thalian.Findings.Detecting;
using Thalian.Findings.ManagingFindings;
using Thalian.Findings.Tests.Rules;

namespace Thalian.Findings.Tests.Lifecycle;

public sealed class FindingDeciderTests
{
    private static readonly Guid Scope = Guid.NewGuid();
    private static readonly DateTimeOffset T0 = Build.Now;

    private static RuleResult Result(string lastUse = "2026-05-30", string severity = Severities.High) =>
        new(RuleIds.RootRecentlyUsed, severity, ResourceTypes.AwsAccount, "111111111111/root", "arn:aws:iam::111111111111:root", "111111111111",
            "root used", new Dictionary<string, string> { ["lastUsedAt"] = lastUse }, T0.AddHours(-2))
        { VolatileEvidence = new Dictionary<string, string> { ["age"] = lastUse } };

    [Fact]
    public void Open_then_same_result_only_touches_last_seen()
    {
        var opened = FindingDecider.Observe(null, Result(), "t1", Scope, T0);
        var again = FindingDecider.Observe(opened.View, Result() with { VolatileEvidence = new Dictionary<string, string> { ["age"] = "x" } }, "t1", Scope, T0.AddDays(1));

        Assert.IsType<FindingOpened>(Assert.Single(opened.Events));
        Assert.Empty(again.Events);
        Assert.Equal(T0, again.View!.FirstSeenAt);
        Assert.Equal(T0.AddDays(1), again.View.LastSeenAt);
        Assert.Equal(1, again.View.Version);
        Assert.Equal(FindingIds.For("t1", RuleIds.RootRecentlyUsed, "111111111111/root"), opened.View!.Id);
    }

    [Fact]
    public void Unreadable_data_keeps_an_open_finding_open_and_says_why_once_until_it_can_be_read_again()
    {
        var opened = FindingDecider.Observe(null, Result(), "t1", Scope, T0).View!;
        var shown = FindingDecider.ShowDataProblem(opened, "credential report password_last_used = 'x' is not a recognised value", T0.AddHours(1));
        var e = Assert.IsType<FindingUpdated>(Assert.Single(shown.Events));
        Assert.Equal(FindingStatuses.Open, e.Finding.Status);
        Assert.Contains("password_last_used", e.Finding.Evidence[FindingDecider.DataProblemKey], StringComparison.Ordinal);
        Assert.Empty(FindingDecider.ShowDataProblem(shown.View!, "credential report password_last_used = 'x' is not a recognised value", T0.AddHours(2)).Events);
        var readable = FindingDecider.Observe(shown.View, Result(), "t1", Scope, T0.AddHours(3));
        Assert.False(Assert.IsType<FindingUpdated>(Assert.Single(readable.Events)).Finding.Evidence.ContainsKey(FindingDecider.DataProblemKey));
    }

    [Fact]
    public void Changed_evidence_or_severity_is_an_update()
    {
        var opened = FindingDecider.Observe(null, Result(), "t1", Scope, T0).View;
        var updated = FindingDecider.Observe(opened, Result("2026-05-31", Severities.Critical), "t1", Scope, T0.AddHours(1));
        var e = Assert.IsType<FindingUpdated>(Assert.Single(updated.Events));
        Assert.Equal(["severity", "evidence"], e.ChangedFields);
        Assert.Equal(2, updated.View!.Version);
        Assert.Equal("2026-05-31", e.Finding.Evidence["lastUsedAt"]);
    }

    [Fact]
    public void Resolve_then_fire_again_reopens_the_same_finding()
    {
        var opened = FindingDecider.Observe(null, Result(), "t1", Scope, T0).View!;
        var resolved = FindingDecider.Resolve(opened, FindingReconciler.ConditionCleared, T0.AddDays(1));
        var reopened = FindingDecider.Observe(resolved.View, Result(), "t1", Scope, T0.AddDays(2));

        Assert.Equal(FindingStatuses.Resolved, Assert.IsType<FindingResolved>(Assert.Single(resolved.Events)).Finding.Status);
        Assert.Empty(FindingDecider.Resolve(resolved.View!, FindingReconciler.ConditionCleared, T0.AddDays(1)).Events);
        Assert.IsType<FindingReopened>(Assert.Single(reopened.Events));
        Assert.Equal(opened.Id, reopened.View!.Id);
        Assert.Equal(3, reopened.View.Version);
        Assert.Equal(T0, reopened.View.FirstSeenAt);
    }

    [Fact]
    public void Suppression_needs_an_unresolved_finding_and_resolution_ends_it()
    {
        var opened = FindingDecider.Observe(null, Result(), "t1", Scope, T0).View!;
        var suppressed = FindingDecider.Suppress(opened, "alice", "accepted risk", T0.AddDays(7), T0).View!;
        var stillSeen = FindingDecider.Observe(suppressed, Result(), "t1", Scope, T0.AddDays(1)).View!;
        var resolved = FindingDecider.Resolve(stillSeen, FindingReconciler.ResourceGone, T0.AddDays(2)).View!;

        Assert.Equal(FindingStatuses.Suppressed, stillSeen.Status);
        Assert.Null(resolved.SuppressedUntil);
        Assert.NotNull(FindingDecider.Suppress(resolved, "alice", "x", null, T0).Error);
        Assert.NotNull(FindingDecider.Unsuppress(opened, "alice", false, T0).Error);
        var unsuppressed = FindingDecider.Unsuppress(suppressed, "system", true, T0.AddDays(7));
        Assert.True(Assert.IsType<FindingUnsuppressed>(Assert.Single(unsuppressed.Events)).Automatic);
        Assert.Equal(FindingStatuses.Open, unsuppressed.View!.Status);
    }
}
