using Thalian.Contracts.Correlation;
using Thalian.Correlation.Identifying;
using Thalian.Correlation.TrackingIamRoles;
using Thalian.Correlation.TrackingIamUsers;
using Thalian.Testing;
using static Thalian.Correlation.Tests.Observations;

namespace Thalian.Correlation.Tests.Integration;

public sealed class SyncingAwsIdentitiesTests(CorrelationHost host) : IClassFixture<CorrelationHost>
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_first_sync_creates_streams_and_an_identical_second_sync_appends_nothing()
    {
        var tenant = CorrelationHost.NewTenant();
        var users = new[] { User("alice"), User("bob") };
        var first = Guid.NewGuid();
        await host.PublishAsync(AwsBatch(tenant, first, Monday, users, [Role("deployer")]), AccountPosture(tenant, first, Monday),
            AwsCompleted(tenant, first, Monday.AddMinutes(-1), batches: 1));
        await host.SettledAsync(first);
        await Eventually.True(async () => (await host.EventsAsync(tenant)).Count(e => e.Data is IamUserCreated or IamRoleCreated) == 3);
        await Eventually.True(() => Task.FromResult(host.Outgoing.All<IamUserChanged>().Count(u => u.TenantId == tenant) >= 2), what: "IamUserChanged for both users");
        var afterFirst = await host.EventsAsync(tenant);

        var second = Guid.NewGuid();
        await host.PublishAsync(AwsBatch(tenant, second, Monday.AddHours(1), users, [Role("deployer")]), AccountPosture(tenant, second, Monday.AddHours(1)),
            AwsCompleted(tenant, second, Monday.AddHours(1).AddMinutes(-1), batches: 1));
        var settled = await host.SettledAsync(second);

        Assert.True(settled.Complete);
        Assert.Equal("aws", settled.SourceKind);
        Assert.Equal(afterFirst.Count, (await host.EventsAsync(tenant)).Count);
        var alice = await host.LoadAsync<IamUser>(tenant, StreamIds.IamUser(tenant, Account, users[0].UserId));
        Assert.NotNull(alice);
        Assert.Equal("no-idp", alice.Match.State);
        Assert.False(alice.Deleted);
    }

    [Fact]
    public async Task Changes_append_only_the_domain_events_that_name_them()
    {
        var tenant = CorrelationHost.NewTenant();
        var alice = User("alice") with { MfaDevices = [new("arn:aws:iam::123456789012:mfa/alice", "virtual", Monday.AddDays(-30))] };
        var first = Guid.NewGuid();
        await host.PublishAsync(AwsBatch(tenant, first, Monday, [alice]), AwsCompleted(tenant, first, Monday.AddMinutes(-1), 1));
        await host.SettledAsync(first);

        var changed = alice with
        {
            MfaDevices = [],
            Credentials = alice.Credentials! with { AccessKey1 = new() { Active = true, LastRotated = Monday.AddHours(1) } },
        };
        var second = Guid.NewGuid();
        await host.PublishAsync(AwsBatch(tenant, second, Monday.AddDays(1), [changed]), AwsCompleted(tenant, second, Monday.AddDays(1).AddMinutes(-1), 1));
        await host.SettledAsync(second);

        var id = StreamIds.IamUser(tenant, Account, alice.UserId);
        var events = await host.EventsAsync(tenant, e => e.StreamId == id);
        Assert.Equal(["IamUserCreated", "AccessKeyCreated", "MfaDeviceRemoved"], events.Select(e => e.Data.GetType().Name).ToList());
        var message = await Eventually.Get(() => Task.FromResult(host.Outgoing.All<IamUserChanged>().FirstOrDefault(u => u.IdentityId == id && u.Changes.Contains("MfaDeviceRemoved"))));
        Assert.Empty(message.User.MfaDevices);
        Assert.True(message.User.Credentials!.AccessKey1.Active);
        Assert.Equal(Monday.AddDays(1), message.ObservedAt);
        Assert.Equal(second, message.SyncRunId);
    }
}
