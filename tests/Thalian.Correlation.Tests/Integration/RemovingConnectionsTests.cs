using Thalian.Contracts.Aws;
using Thalian.Contracts.Correlation;
using Thalian.Contracts.Idp;
using Thalian.Correlation.Identifying;
using Thalian.Correlation.TrackingAwsAccounts;
using Thalian.Correlation.TrackingIamUsers;
using Thalian.Testing;
using static Thalian.Correlation.Tests.Observations;

namespace Thalian.Correlation.Tests.Integration;

public sealed class RemovingConnectionsTests(CorrelationHost host) : IClassFixture<CorrelationHost>
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Removing_the_only_idp_connection_unlinks_its_users_and_removing_the_aws_connection_closes_the_account()
    {
        var tenant = CorrelationHost.NewTenant();
        var okta = Guid.NewGuid();
        var idpRun = Guid.NewGuid();
        await host.PublishAsync(IdpBatch(tenant, okta, idpRun, Start, [Okta("00u1", "alice@corp.com")]), IdpCompleted(tenant, okta, idpRun, Start.AddMinutes(-1), 1));
        await host.SettledAsync(idpRun);
        var alice = User("alice@corp.com");
        var awsRun = Guid.NewGuid();
        await host.PublishAsync(AwsBatch(tenant, awsRun, Start.AddMinutes(5), [alice], [Role("deployer")]), AccountPosture(tenant, awsRun, Start.AddMinutes(5)),
            AwsCompleted(tenant, awsRun, Start.AddMinutes(4), 1));
        await host.SettledAsync(awsRun);
        var userId = StreamIds.IamUser(tenant, Account, alice.UserId);
        Assert.Equal("linked", (await host.LoadAsync<IamUser>(tenant, userId))!.LinkState);

        await host.PublishAsync(new IdpConnectionRemoved(tenant, okta, IdpProviders.Okta, Start.AddDays(1)));
        await Eventually.True(async () => (await host.LoadAsync<IamUser>(tenant, userId))!.LinkState == "no-idp", what: "unlinked, no IdP left");
        Assert.Contains(await host.EventsAsync(tenant, e => e.StreamId == userId), e => e.Data is IamUserUnlinked);

        await host.PublishAsync(new AwsConnectionRemoved(tenant, Guid.NewGuid(), Account, Start.AddDays(2)));
        await Eventually.True(async () => (await host.LoadAsync<AwsAccount>(tenant, StreamIds.AwsAccount(tenant, Account)))!.Removed, what: "account removed");
        Assert.True((await host.LoadAsync<IamUser>(tenant, userId))!.Deleted);
        var published = await Eventually.Get(() => Task.FromResult(host.Outgoing.All<IamRoleChanged>().FirstOrDefault(r => r.TenantId == tenant && r.Deleted)));
        Assert.Equal("deployer", published.Role.RoleName);
        await Eventually.True(() => Task.FromResult(host.Outgoing.All<AwsAccountChanged>().Any(a => a.TenantId == tenant && a.Removed)), what: "AwsAccountChanged with Removed");

        // A late batch from before the removal is recorded but changes nothing.
        var late = Guid.NewGuid();
        await host.PublishAsync(AwsBatch(tenant, late, Start.AddDays(1), [alice]), AwsCompleted(tenant, late, Start.AddDays(1).AddMinutes(-1), 1));
        Assert.False((await host.SettledAsync(late)).Complete);
        Assert.True((await host.LoadAsync<IamUser>(tenant, userId))!.Deleted);
    }
}
