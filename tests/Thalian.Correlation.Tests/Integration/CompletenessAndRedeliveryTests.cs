using Marten;
using Thalian.Contracts.Correlation;
using Thalian.Correlation.Identifying;
using Thalian.Correlation.TrackingIamUsers;
using Thalian.Testing;
using static Thalian.Correlation.Tests.Observations;

namespace Thalian.Correlation.Tests.Integration;

public sealed class CompletenessAndRedeliveryTests(CorrelationHost host) : IClassFixture<CorrelationHost>
{
    private static readonly DateTimeOffset Start = new(2026, 9, 1, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_incomplete_sync_missing_half_the_users_deletes_nothing_and_a_complete_one_deletes_exactly_the_missing()
    {
        var tenant = CorrelationHost.NewTenant();
        var users = Enumerable.Range(1, 6).Select(i => User($"user{i}")).ToList();
        var first = Guid.NewGuid();
        await host.PublishAsync(AwsBatch(tenant, first, Start, users[..3]), AwsBatch(tenant, first, Start, users[3..]),
            AwsCompleted(tenant, first, Start.AddMinutes(-1), batches: 2));
        await host.SettledAsync(first);

        var partial = Guid.NewGuid();
        await host.PublishAsync(AwsBatch(tenant, partial, Start.AddDays(1), users[..3]), AwsCompleted(tenant, partial, Start.AddDays(1).AddMinutes(-1), 1, complete: false));
        Assert.False((await host.SettledAsync(partial)).Complete);
        Assert.Empty(await host.EventsAsync(tenant, e => e.Data is IamUserDeleted));

        var complete = Guid.NewGuid();
        await host.PublishAsync(AwsBatch(tenant, complete, Start.AddDays(2), users[..3]), AwsCompleted(tenant, complete, Start.AddDays(2).AddMinutes(-1), 1));
        await host.SettledAsync(complete);
        var deleted = await host.EventsAsync(tenant, e => e.Data is IamUserDeleted);
        var expected = users[3..].Select(u => StreamIds.IamUser(tenant, Account, u.UserId)).Order().ToList();
        Assert.Equal(expected, deleted.Select(e => e.StreamId).Order().ToList());
        await Eventually.True(() => Task.FromResult(host.Outgoing.All<IamUserChanged>().Count(u => u.TenantId == tenant && u.Deleted) == 3), what: "three deleted users published");
    }

    [Fact]
    public async Task The_same_batch_delivered_twice_changes_nothing_and_counts_once()
    {
        var tenant = CorrelationHost.NewTenant();
        var run = Guid.NewGuid();
        var batch = AwsBatch(tenant, run, Start, [User("alice"), User("bob")]);
        var second = AwsBatch(tenant, run, Start, [User("carol")]);
        await host.PublishAsync(batch, batch);
        await Eventually.True(async () => (await host.EventsAsync(tenant)).Count == 2, what: "two created users");
        // Two batches expected: the duplicate of the first must not stand in for the second.
        await host.PublishAsync(AwsCompleted(tenant, run, Start.AddMinutes(-1), batches: 2));
        await Task.Delay(500);
        Assert.DoesNotContain(host.Outgoing.All<IdentitiesSettled>(), s => s.SyncRunId == run);
        await host.PublishAsync(second, batch);
        await host.SettledAsync(run);
        Assert.Equal(3, (await host.EventsAsync(tenant)).Count);
        await using var session = host.Store.QuerySession(tenant);
        Assert.Single(await session.Events.QueryAllRawEvents().Where(e => e.EventTypeName == "sync_run_settled").ToListAsync());
    }

    [Fact]
    public async Task A_completion_that_arrives_before_its_batches_waits_for_them_before_deleting()
    {
        var tenant = CorrelationHost.NewTenant();
        var first = Guid.NewGuid();
        await host.PublishAsync(AwsBatch(tenant, first, Start, [User("alice"), User("bob")]), AwsCompleted(tenant, first, Start.AddMinutes(-1), 1));
        await host.SettledAsync(first);

        var second = Guid.NewGuid();
        await host.PublishAsync(AwsCompleted(tenant, second, Start.AddDays(1).AddMinutes(-1), batches: 2));
        await host.PublishAsync(AwsBatch(tenant, second, Start.AddDays(1), [User("alice")]));
        await Task.Delay(500);
        Assert.Empty(await host.EventsAsync(tenant, e => e.Data is IamUserDeleted));
        await host.PublishAsync(AwsBatch(tenant, second, Start.AddDays(1), [User("bob")]));
        await host.SettledAsync(second);
        Assert.Empty(await host.EventsAsync(tenant, e => e.Data is IamUserDeleted));
    }

    [Fact]
    public async Task An_older_observation_arriving_late_never_overwrites_a_newer_one()
    {
        var tenant = CorrelationHost.NewTenant();
        var newer = Guid.NewGuid();
        var withMfa = User("alice") with { MfaDevices = [new("arn:aws:iam::123456789012:mfa/alice", "virtual", Start)] };
        await host.PublishAsync(AwsBatch(tenant, newer, Start.AddHours(2), [withMfa]), AwsCompleted(tenant, newer, Start.AddHours(2).AddMinutes(-1), 1));
        await host.SettledAsync(newer);
        var older = Guid.NewGuid();
        await host.PublishAsync(AwsBatch(tenant, older, Start, [User("alice")]), AwsCompleted(tenant, older, Start.AddMinutes(-1), 1));
        await host.SettledAsync(older);

        var alice = await host.LoadAsync<IamUser>(tenant, StreamIds.IamUser(tenant, Account, withMfa.UserId));
        Assert.Single(alice!.User.MfaDevices);
        Assert.Single(await host.EventsAsync(tenant));
    }
}
