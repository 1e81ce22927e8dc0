using Thalian.Contracts.Aws;
using System.Net.Http.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Thalian.Contracts.Findings;
using Thalian.Findings.Detecting;
using FindingView = Thalian.Findings.ManagingFindings.FindingView;
using Thalian.Findings.TrackingIdentities;
using Thalian.Testing;
using static Thalian.Findings.Tests.Lifecycle.Messages;

namespace Thalian.Findings.Tests.Lifecycle;

/// <summary>Correlation messages in, finding events out, on real PostgreSQL and RabbitMQ.</summary>
public sealed class LifecycleTests(FindingsFixture fx) : IClassFixture<FindingsFixture>
{
    private static string NewTenant() => "tenant-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Open_resolve_reopen_lands_on_one_finding_and_every_transition_reaches_the_bus()
    {
        var tenant = NewTenant();
        var user = Guid.NewGuid();
        await fx.Publish(IdpSettled(tenant, Guid.NewGuid(), complete: true, fx.Clock.GetUtcNow()));
        await fx.Publish(User(tenant, user, "bob", 1, Unmatched, fx.Clock.GetUtcNow()));
        var opened = await fx.Next<FindingOpened>(e => e.Finding.TenantId == tenant && e.Finding.RuleId == RuleIds.UserNotInIdp, "opened");

        await fx.Publish(User(tenant, user, "bob", 2, Linked(), fx.Clock.GetUtcNow()));
        var resolved = await fx.Next<FindingResolved>(e => e.Finding.FindingId == opened.Finding.FindingId, "resolved");

        await fx.Publish(User(tenant, user, "bob", 3, Unmatched, fx.Clock.GetUtcNow()));
        var reopened = await fx.Next<FindingReopened>(e => e.Finding.FindingId == opened.Finding.FindingId, "reopened");

        Assert.Equal("open", opened.Finding.Status);
        Assert.Equal("condition-cleared", resolved.Reason);
        Assert.Equal("resolved", resolved.Finding.Status);
        Assert.Equal("open", reopened.Finding.Status);
        Assert.Equal(Account, opened.Finding.AccountId);
        Assert.Equal($"arn:aws:iam::{Account}:user/bob", opened.Finding.ResourceArn);
        Assert.Equal(user, opened.Finding.IdentityId);
        Assert.Contains("no IdP account", opened.Finding.Evidence["matchAttempts"], StringComparison.Ordinal);

        using var client = fx.ClientFor(tenant);
        var detail = await client.GetFromJsonAsync<FindingDetailDto>($"/api/v1/findings/{opened.Finding.FindingId}");
        Assert.Equal(["opened", "resolved", "reopened"], detail!.History.Select(h => h.Transition));
    }

    [Fact]
    public async Task Redelivery_and_older_versions_do_not_duplicate_or_regress()
    {
        var tenant = NewTenant();
        var user = Guid.NewGuid();
        await fx.Publish(IdpSettled(tenant, Guid.NewGuid(), complete: true, fx.Clock.GetUtcNow()));
        var changed = User(tenant, user, "carol", 2, Unmatched, fx.Clock.GetUtcNow(), password: true);
        await fx.Publish(changed);
        var opened = await fx.Next<FindingOpened>(e => e.Finding.TenantId == tenant && e.Finding.RuleId == RuleIds.UserWithoutMfa, "opened");

        await fx.Publish(changed);
        await fx.Publish(changed);
        await fx.Publish(User(tenant, user, "carol", 1, Unmatched, fx.Clock.GetUtcNow(), password: true, mfa: true));
        await fx.Publish(AwsSettled(tenant, complete: true, fx.Clock.GetUtcNow()));
        // A later, real change proves the earlier deliveries were consumed (same queue, processed before it is).
        await fx.Publish(User(tenant, user, "carol", 3, Unmatched, fx.Clock.GetUtcNow(), password: true, mfa: true));
        await fx.Next<FindingResolved>(e => e.Finding.FindingId == opened.Finding.FindingId, "resolved by version 3");

        using var client = fx.ClientFor(tenant);
        var detail = await client.GetFromJsonAsync<FindingDetailDto>($"/api/v1/findings/{opened.Finding.FindingId}");
        Assert.Equal(["opened", "resolved"], detail!.History.Select(h => h.Transition));
        var list = await client.GetFromJsonAsync<FindingPageDto>($"/api/v1/findings?rule={RuleIds.UserNotInIdp}");
        Assert.Single(list!.Items);
    }

    [Fact]
    public async Task An_incomplete_idp_snapshot_neither_opens_nor_resolves()
    {
        var tenant = NewTenant();
        var idp = Guid.NewGuid();
        var dave = Guid.NewGuid();
        var erin = Guid.NewGuid();
        await fx.Publish(IdpSettled(tenant, idp, complete: true, fx.Clock.GetUtcNow()));
        await fx.Publish(User(tenant, dave, "dave", 1, Unmatched, fx.Clock.GetUtcNow()));
        var daveGap = await fx.Next<FindingOpened>(e => e.Finding.TenantId == tenant && e.Finding.RuleId == RuleIds.UserNotInIdp, "dave opened");

        fx.Clock.Advance(TimeSpan.FromMinutes(1));
        await fx.Publish(IdpSettled(tenant, idp, complete: false, fx.Clock.GetUtcNow()));
        using var client = fx.ClientFor(tenant);
        await Eventually.True(async () => (await client.GetFromJsonAsync<SummaryDto>("/api/v1/findings/summary"))!.IdpRules is { Active: false, IncompleteDirectories.Count: 1 },
            what: "the incomplete IdP snapshot recorded");
        // erin is unmatched and dave is now linked, but the directory listing was incomplete: no open, no resolve.
        await fx.Publish(User(tenant, erin, "erin", 1, Unmatched, fx.Clock.GetUtcNow(), password: true));
        await fx.Publish(User(tenant, dave, "dave", 2, Linked(), fx.Clock.GetUtcNow(), password: true));
        await fx.Next<FindingOpened>(e => e.Finding.TenantId == tenant && e.Finding.RuleId == RuleIds.UserWithoutMfa && e.Finding.IdentityId == erin, "erin evaluated");
        await fx.Next<FindingOpened>(e => e.Finding.TenantId == tenant && e.Finding.RuleId == RuleIds.UserWithoutMfa && e.Finding.IdentityId == dave, "dave evaluated");

        var gaps = await client.GetFromJsonAsync<FindingPageDto>($"/api/v1/findings?rule={RuleIds.UserNotInIdp}");
        Assert.Equal([daveGap.Finding.FindingId], gaps!.Items.Select(f => f.FindingId));
        Assert.Equal("open", gaps.Items[0].Status);

        fx.Clock.Advance(TimeSpan.FromMinutes(1));
        await fx.Publish(IdpSettled(tenant, idp, complete: true, fx.Clock.GetUtcNow()));
        await fx.Next<FindingResolved>(e => e.Finding.FindingId == daveGap.Finding.FindingId, "dave resolved on complete data");
        await fx.Next<FindingOpened>(e => e.Finding.TenantId == tenant && e.Finding.RuleId == RuleIds.UserNotInIdp && e.Finding.IdentityId == erin, "erin opened on complete data");
    }

    [Fact]
    public async Task An_idp_settle_that_overtakes_the_link_updates_before_it_opens_nothing_on_the_older_links()
    {
        var tenant = NewTenant();
        var now = fx.Clock.GetUtcNow();
        var (frank, grace, henry) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        // Correlation published frank unmatched (versions 1 and 2: AWS batch, re-match) and then linked (3, his IdP account
        // arrived), grace unmatched (1), henry unmatched (1, 2), then the settle naming those versions. Findings' queues
        // deliver frank's 1 and grace's 1, then the settle, then the rest.
        await fx.Publish(User(tenant, frank, "frank", 1, Unmatched, now));
        await fx.Publish(User(tenant, grace, "grace", 1, Unmatched, now));
        await Eventually.True(async () => (await TrackedVersionsAsync(tenant)).Count == 2, what: "frank and grace tracked at version 1");
        await fx.Publish(IdpSettled(tenant, Guid.NewGuid(), complete: true, now) with
        {
            UserVersions = new Dictionary<Guid, long> { [frank] = 3, [grace] = 1, [henry] = 2 },
        });
        // grace is current: the settle decides her gap (and so has been processed, in one transaction with the others).
        await fx.Next<FindingOpened>(e => e.Finding.IdentityId == grace && e.Finding.RuleId == RuleIds.UserNotInIdp, "grace's gap opened by the settle");
        Assert.Empty(await IdpGapFindingsAsync(tenant, frank));

        await fx.Publish(User(tenant, frank, "frank", 2, Unmatched, now));
        await fx.Publish(User(tenant, henry, "henry", 1, Unmatched, now));
        await Eventually.True(async () => (await TrackedVersionsAsync(tenant)) is var v && v.GetValueOrDefault(frank) == 2 && v.GetValueOrDefault(henry) == 1,
            what: "frank's version 2 and henry's version 1 processed");
        Assert.Empty(await IdpGapFindingsAsync(tenant, frank));
        Assert.Empty(await IdpGapFindingsAsync(tenant, henry));

        // The versions the settle named decide: frank linked (nothing to open), henry unmatched (his gap opens now).
        await fx.Publish(User(tenant, frank, "frank", 3, Linked(), now));
        await fx.Publish(User(tenant, henry, "henry", 2, Unmatched, now));
        await fx.Next<FindingOpened>(e => e.Finding.IdentityId == henry && e.Finding.RuleId == RuleIds.UserNotInIdp, "henry's gap opened by his named version");
        await Eventually.True(async () => (await TrackedVersionsAsync(tenant)).GetValueOrDefault(frank) == 3, what: "frank's version 3 processed");
        Assert.Empty(await IdpGapFindingsAsync(tenant, frank));
    }

    private async Task<Dictionary<Guid, long>> TrackedVersionsAsync(string tenant)
    {
        await using var session = fx.Service.Services.GetRequiredService<IDocumentStore>().QuerySession(tenant);
        return (await session.Query<TrackedUser>().ToListAsync()).ToDictionary(u => u.Id, u => u.Version);
    }

    private async Task<IReadOnlyList<FindingView>> IdpGapFindingsAsync(string tenant, Guid user)
    {
        await using var session = fx.Service.Services.GetRequiredService<IDocumentStore>().QuerySession(tenant);
        return await session.Query<FindingView>()
            .Where(f => f.ScopeId == user && (f.RuleId == RuleIds.UserNotInIdp || f.RuleId == RuleIds.AdminNotInIdp)).ToListAsync();
    }

    [Fact]
    public async Task A_new_root_use_updates_the_open_finding()
    {
        var tenant = NewTenant();
        var account = Guid.NewGuid();
        var now = fx.Clock.GetUtcNow();
        var first = new RootActivity(now.AddDays(-5), "ConsoleLogin", "us-east-1", "203.0.113.1", true, "ev-1");
        await fx.Publish(Root(tenant, account, 1, now, first));
        var opened = await fx.Next<FindingOpened>(e => e.Finding.TenantId == tenant && e.Finding.RuleId == RuleIds.RootRecentlyUsed, "root opened");

        var second = new RootActivity(now.AddHours(-1), "CreateAccessKey", "us-east-1", "198.51.100.7", false, "ev-2");
        await fx.Publish(Root(tenant, account, 2, now, first, second));
        var updated = await fx.Next<FindingUpdated>(e => e.Finding.FindingId == opened.Finding.FindingId, "root updated");

        Assert.Equal("ConsoleLogin", opened.Finding.Evidence["eventName"]);
        Assert.Equal("CreateAccessKey", updated.Finding.Evidence["eventName"]);
        Assert.Equal("198.51.100.7", updated.Finding.Evidence["sourceIpAddress"]);
        Assert.Contains("evidence", updated.ChangedFields);
        Assert.Empty(fx.All<FindingOpened>(e => e.Finding.TenantId == tenant && e.Finding.RuleId == RuleIds.RootRecentlyUsed).Skip(1));
    }

    [Fact]
    public async Task A_deleted_user_resolves_as_resource_gone()
    {
        var tenant = NewTenant();
        var user = Guid.NewGuid();
        await fx.Publish(User(tenant, user, "frank", 1, Unmatched, fx.Clock.GetUtcNow(), password: true));
        var opened = await fx.Next<FindingOpened>(e => e.Finding.TenantId == tenant && e.Finding.RuleId == RuleIds.UserWithoutMfa, "opened");
        await fx.Publish(User(tenant, user, "frank", 2, Unmatched, fx.Clock.GetUtcNow(), password: true, deleted: true));
        var resolved = await fx.Next<FindingResolved>(e => e.Finding.FindingId == opened.Finding.FindingId, "resolved");
        Assert.Equal("resource-gone", resolved.Reason);
    }
}
