using System.Text.Json;
using JasperFx.Events;
using Marten;
using Thalian.Correlation.Identifying;
using Thalian.Correlation.ReadingIdentities;
using Thalian.Correlation.TrackingAwsAccounts;
using Thalian.Correlation.TrackingIamRoles;
using Thalian.Correlation.TrackingIamUsers;
using Thalian.Correlation.TrackingIdpAccounts;
using Thalian.Testing;
using static Thalian.Correlation.Tests.Observations;

namespace Thalian.Correlation.Tests.Integration;

public sealed class IdentitySummaryProjectionTests(CorrelationHost host) : IClassFixture<CorrelationHost>
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Every_identity_list_row_equals_the_fold_of_its_stream_through_creation_linking_deletion_and_removal()
    {
        var tenant = CorrelationHost.NewTenant();
        var okta = Guid.NewGuid();
        var idpRun = Guid.NewGuid();
        await host.PublishAsync(IdpBatch(tenant, okta, idpRun, Start, [Okta("00u1", "alice@corp.com"), Okta("00u2", "gone@corp.com")]),
            IdpCompleted(tenant, okta, idpRun, Start.AddMinutes(-1), 1));
        await host.SettledAsync(idpRun);
        var awsRun = Guid.NewGuid();
        await host.PublishAsync(AwsBatch(tenant, awsRun, Start.AddHours(1), [User("alice@corp.com"), User("bob"), User("carol")], [Role("deployer")]),
            AccountPosture(tenant, awsRun, Start.AddHours(1)), AwsCompleted(tenant, awsRun, Start.AddHours(1).AddMinutes(-1), 1));
        await host.SettledAsync(awsRun);
        var secondAws = Guid.NewGuid();
        await host.PublishAsync(AwsBatch(tenant, secondAws, Start.AddDays(1), [User("alice@corp.com"), User("bob")], [Role("deployer")]),
            AccountPosture(tenant, secondAws, Start.AddDays(1), mfa: 0), AwsCompleted(tenant, secondAws, Start.AddDays(1).AddMinutes(-1), 1));
        await host.SettledAsync(secondAws);
        var secondIdp = Guid.NewGuid();
        await host.PublishAsync(IdpBatch(tenant, okta, secondIdp, Start.AddDays(2), [Okta("00u1", "alice@corp.com", Contracts.Idp.IdpLifecycle.Suspended)]),
            IdpCompleted(tenant, okta, secondIdp, Start.AddDays(2).AddMinutes(-1), 1));
        await host.SettledAsync(secondIdp);
        var alice = StreamIds.IamUser(tenant, Account, User("alice@corp.com").UserId);
        await Eventually.True(async () => (await host.LoadAsync<IdentitySummary>(tenant, alice))?.Lifecycles.SequenceEqual(["Suspended"]) == true,
            what: "alice's row shows her suspended IdP account");

        await using var session = host.Store.QuerySession(tenant);
        var rows = await session.Query<IdentitySummary>().ToListAsync();
        var streams = (await session.Events.QueryAllRawEvents().ToListAsync()).Where(e => e.Data is not SettlingSyncRuns.SyncRunSettled and not SettlingSyncRuns.SyncRunLinksReevaluated)
            .GroupBy(e => e.StreamId).ToDictionary(g => g.Key, g => g.OrderBy(e => e.Version).ToList());

        Assert.Equal(streams.Keys.Order(), rows.Select(r => r.Id).Order());
        Assert.Equal(["aws-account", "iam-role", "iam-user", "iam-user", "iam-user", "idp-account", "idp-account"], rows.Select(r => r.Kind).Order());
        Assert.Contains(rows, r => r is { Kind: "iam-user", Name: "carol", Gone: true });
        Assert.Contains(rows, r => r is { Kind: "idp-account", Name: "gone@corp.com", Gone: true });
        foreach (var row in rows)
        {
            // Compared as JSON: the rows hold lists, which records compare by reference.
            Assert.Equal(JsonSerializer.Serialize(Folded(row.Kind, streams[row.Id])), JsonSerializer.Serialize(row));
        }
    }

    private static IdentitySummary Folded(string kind, List<IEvent> events)
    {
        var data = events.Select(e => e.Data).ToList();
        var summary = kind switch
        {
            "iam-user" => IamUser.Fold(null, data)!.Summary(),
            "iam-role" => IamRole.Fold(null, data)!.Summary(),
            "aws-account" => AwsAccount.Fold(null, data)!.Summary(),
            _ => IdpAccount.Fold(null, data)!.Summary(),
        };
        return summary with { Version = events[^1].Version };
    }
}
