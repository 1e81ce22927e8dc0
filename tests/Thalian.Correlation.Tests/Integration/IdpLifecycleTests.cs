using Marten;
using Thalian.Contracts.Correlation;
using Thalian.Contracts.Idp;
using Thalian.Correlation.Identifying;
using Thalian.Correlation.TrackingIamUsers;
using Thalian.Correlation.TrackingIdpAccounts;
using Thalian.Testing;
using static Thalian.Correlation.Tests.Observations;

namespace Thalian.Correlation.Tests.Integration;

public sealed class IdpLifecycleTests(CorrelationHost host) : IClassFixture<CorrelationHost>
{
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_okta_account_moving_to_deprovisioned_is_one_transition_and_changes_the_linked_users_state_as_of_that_time()
    {
        var tenant = CorrelationHost.NewTenant();
        var okta = Guid.NewGuid();
        var idpRun1 = Guid.NewGuid();
        await host.PublishAsync(IdpBatch(tenant, okta, idpRun1, Start, [Okta("00u1", "alice@corp.com"), Okta("00u2", "bob@corp.com")]),
            IdpCompleted(tenant, okta, idpRun1, Start.AddMinutes(-1), 1));
        await host.SettledAsync(idpRun1);
        var awsRun = Guid.NewGuid();
        var alice = User("alice@corp.com");
        await host.PublishAsync(AwsBatch(tenant, awsRun, Start.AddMinutes(5), [alice]), AwsCompleted(tenant, awsRun, Start.AddMinutes(4), 1));
        await host.SettledAsync(awsRun);
        var userId = StreamIds.IamUser(tenant, Account, alice.UserId);
        var linked = await Eventually.Get(async () => await host.LoadAsync<IamUser>(tenant, userId) is { LinkState: "linked" } u ? u : null);
        Assert.Equal("email", linked.Match.Method);
        Assert.Equal(IdpLifecycle.Active, Assert.Single(linked.Match.Accounts).Lifecycle);

        await Task.Delay(100);
        var beforeDeprovisioning = DateTimeOffset.UtcNow;
        await Task.Delay(100);
        var idpRun2 = Guid.NewGuid();
        var observedAt = Start.AddDays(1);
        var vendorTime = observedAt.AddHours(-3);
        await host.PublishAsync(
            IdpBatch(tenant, okta, idpRun2, observedAt, [Okta("00u1", "alice@corp.com", IdpLifecycle.Deprovisioned, "DEPROVISIONED", vendorTime), Okta("00u2", "bob@corp.com")]),
            IdpCompleted(tenant, okta, idpRun2, observedAt.AddMinutes(-1), 1));
        var settled = await host.SettledAsync(idpRun2);
        await Eventually.True(async () => await host.LoadAsync<IamUser>(tenant, userId) is { } u && u.Match.Accounts[0].Lifecycle == IdpLifecycle.Deprovisioned,
            what: "the IAM user's link showing the deprovisioned account");
        // The run is announced after its links: it names the version that carries the deprovisioned link.
        Assert.Equal((await host.LoadAsync<IamUser>(tenant, userId))!.Version, settled.UserVersions![userId]);
        Assert.Null((await host.SettledAsync(awsRun)).UserVersions);

        var oktaStream = StreamIds.IdpAccount(tenant, okta, "00u1");
        var idpEvents = await host.EventsAsync(tenant, e => e.StreamId == oktaStream);
        Assert.Equal(["IdpAccountCreated", "IdpAccountDeprovisioned"], idpEvents.Select(e => e.Data.GetType().Name).ToList());
        var transition = (IdpAccountDeprovisioned)idpEvents[1].Data;
        Assert.Equal(observedAt, transition.ObservedAt);
        Assert.Equal(vendorTime, transition.StatusChangedAt);
        Assert.Equal(idpRun2, transition.SyncRunId);

        using var client = host.Service.CreateClientFor(tenant, "viewer");
        var before = await client.GetJsonAsync($"/api/v1/identities/{userId}?asOf={Uri.EscapeDataString(beforeDeprovisioning.ToString("O"))}");
        var now = await client.GetJsonAsync($"/api/v1/identities/{userId}");
        var accountBefore = before.GetProperty("state").GetProperty("match").GetProperty("accounts")[0];
        var accountNow = now.GetProperty("state").GetProperty("match").GetProperty("accounts")[0];
        Assert.Equal("Active", accountBefore.GetProperty("lifecycle").GetString());
        Assert.Equal("Deprovisioned", accountNow.GetProperty("lifecycle").GetString());
        Assert.Equal(vendorTime, accountNow.GetProperty("leftActiveAt").GetDateTimeOffset());
        Assert.True(before.GetProperty("version").GetInt64() < now.GetProperty("version").GetInt64());

        var published = await Eventually.Get(() => Task.FromResult(host.Outgoing.All<IamUserChanged>().FirstOrDefault(u =>
            u.IdentityId == userId && u.Match.Accounts.Any(a => a.Lifecycle == IdpLifecycle.Deprovisioned))));
        Assert.Equal("DEPROVISIONED", published.Match.Accounts[0].RawStatus);
        Assert.Equal(vendorTime, published.Match.Accounts[0].LeftActiveAt);
        Assert.Contains("LinkedIdpAccountChanged", published.Changes);

        var timeline = await client.GetJsonAsync($"/api/v1/identities/{userId}/timeline");
        Assert.Contains(timeline.EnumerateArray(), e => e.GetProperty("type").GetString() == "LinkedIdpAccountChanged");
    }

    [Fact]
    public async Task An_incomplete_idp_sync_removes_no_account_and_unlinks_no_user_but_a_complete_one_removes_what_it_did_not_see()
    {
        var tenant = CorrelationHost.NewTenant();
        var okta = Guid.NewGuid();
        var run1 = Guid.NewGuid();
        await host.PublishAsync(IdpBatch(tenant, okta, run1, Start, [Okta("00u1", "alice@corp.com"), Okta("00u2", "bob@corp.com")]),
            IdpCompleted(tenant, okta, run1, Start.AddMinutes(-1), 1));
        await host.SettledAsync(run1);
        var partial = Guid.NewGuid();
        await host.PublishAsync(IdpBatch(tenant, okta, partial, Start.AddDays(1), [Okta("00u2", "bob@corp.com")]),
            IdpCompleted(tenant, okta, partial, Start.AddDays(1).AddMinutes(-1), 1, complete: false));
        var settled = await host.SettledAsync(partial);
        Assert.False(settled.Complete);
        Assert.False((await host.LoadAsync<IdpAccount>(tenant, StreamIds.IdpAccount(tenant, okta, "00u1")))!.Removed);

        var full = Guid.NewGuid();
        await host.PublishAsync(IdpBatch(tenant, okta, full, Start.AddDays(2), [Okta("00u2", "bob@corp.com")]),
            IdpCompleted(tenant, okta, full, Start.AddDays(2).AddMinutes(-1), 1));
        Assert.True((await host.SettledAsync(full)).Complete);
        var alice = await host.LoadAsync<IdpAccount>(tenant, StreamIds.IdpAccount(tenant, okta, "00u1"));
        Assert.True(alice!.Removed);
        Assert.False((await host.LoadAsync<IdpAccount>(tenant, StreamIds.IdpAccount(tenant, okta, "00u2")))!.Removed);
    }

    [Fact]
    public async Task A_targeted_re_read_changes_the_account_it_names_closes_nothing_and_settles_no_run()
    {
        var tenant = CorrelationHost.NewTenant();
        var okta = Guid.NewGuid();
        var run1 = Guid.NewGuid();
        await host.PublishAsync(IdpBatch(tenant, okta, run1, Start, [Okta("00u1", "alice@corp.com"), Okta("00u2", "bob@corp.com")]),
            IdpCompleted(tenant, okta, run1, Start.AddMinutes(-1), 1));
        await host.SettledAsync(run1);

        var refresh = Guid.NewGuid();
        var stale = Guid.NewGuid();
        // A hook named alice: only she is re-read. An older re-read (hooks arrive out of order) comes in afterwards.
        await host.PublishAsync(IdpBatch(tenant, okta, refresh, Start.AddDays(1), [Okta("00u1", "alice@corp.com", IdpLifecycle.Deprovisioned, "DEPROVISIONED")]) with { Targeted = true });
        var aliceId = StreamIds.IdpAccount(tenant, okta, "00u1");
        await Eventually.True(async () => (await host.LoadAsync<IdpAccount>(tenant, aliceId))!.Account.Lifecycle == IdpLifecycle.Deprovisioned,
            what: "alice deprovisioned from the re-read");
        await host.PublishAsync(IdpBatch(tenant, okta, stale, Start.AddHours(12), [Okta("00u1", "alice@corp.com")]) with { Targeted = true },
            IdpBatch(tenant, okta, Guid.NewGuid(), Start.AddDays(2), [Okta("00u2", "bob@corp.com", IdpLifecycle.Suspended, "SUSPENDED")]) with { Targeted = true });
        await Eventually.True(async () => (await host.LoadAsync<IdpAccount>(tenant, StreamIds.IdpAccount(tenant, okta, "00u2")))!.Account.Lifecycle == IdpLifecycle.Suspended,
            what: "bob suspended from the last re-read");

        Assert.Equal(IdpLifecycle.Deprovisioned, (await host.LoadAsync<IdpAccount>(tenant, aliceId))!.Account.Lifecycle);
        Assert.False((await host.LoadAsync<IdpAccount>(tenant, StreamIds.IdpAccount(tenant, okta, "00u2")))!.Removed);
        await using var session = host.Store.QuerySession(tenant);
        Assert.Equal(0, await session.Query<Thalian.Correlation.SettlingSyncRuns.ProcessedBatch>().CountAsync(b => b.SyncRunId == refresh || b.SyncRunId == stale));
        Assert.DoesNotContain(host.Outgoing.All<IdentitiesSettled>(), s => s.SyncRunId == refresh || s.SyncRunId == stale);
    }

    [Fact]
    public async Task A_link_lost_during_an_incomplete_idp_sync_is_kept_until_a_complete_sync_confirms_it()
    {
        var tenant = CorrelationHost.NewTenant();
        var okta = Guid.NewGuid();
        var run1 = Guid.NewGuid();
        await host.PublishAsync(IdpBatch(tenant, okta, run1, Start, [Okta("00u1", "alice@corp.com")]), IdpCompleted(tenant, okta, run1, Start.AddMinutes(-1), 1));
        await host.SettledAsync(run1);
        var alice = User("alice@corp.com");
        var awsRun = Guid.NewGuid();
        await host.PublishAsync(AwsBatch(tenant, awsRun, Start.AddMinutes(5), [alice]), AwsCompleted(tenant, awsRun, Start.AddMinutes(4), 1));
        await host.SettledAsync(awsRun);
        var userId = StreamIds.IamUser(tenant, Account, alice.UserId);
        Assert.Equal("linked", (await host.LoadAsync<IamUser>(tenant, userId))!.LinkState);

        var renamed = Okta("00u1", "alice.new@corp.com");
        var partial = Guid.NewGuid();
        await host.PublishAsync(IdpBatch(tenant, okta, partial, Start.AddDays(1), [renamed]), IdpCompleted(tenant, okta, partial, Start.AddDays(1).AddMinutes(-1), 1, complete: false));
        await host.SettledAsync(partial);
        await Eventually.True(async () => (await host.LoadAsync<IamUser>(tenant, userId))!.Match.Accounts.Single().PrimaryEmail == "alice.new@corp.com",
            what: "the kept link showing the renamed account");
        Assert.Equal("linked", (await host.LoadAsync<IamUser>(tenant, userId))!.LinkState);

        var complete = Guid.NewGuid();
        await host.PublishAsync(IdpBatch(tenant, okta, complete, Start.AddDays(2), [renamed]), IdpCompleted(tenant, okta, complete, Start.AddDays(2).AddMinutes(-1), 1));
        await host.SettledAsync(complete);
        await Eventually.True(async () => (await host.LoadAsync<IamUser>(tenant, userId))!.LinkState == "unmatched", what: "unlinked after the complete sync");
        var unlinked = (await host.EventsAsync(tenant, e => e.StreamId == userId)).Select(e => e.Data).OfType<IamUserUnlinked>().Single();
        Assert.Equal("idp-sync-settled", unlinked.Trigger);
        Assert.Equal(complete, unlinked.SyncRunId);
    }
}
