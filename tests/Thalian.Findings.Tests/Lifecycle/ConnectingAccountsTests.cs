using System.Net;
using System.Net.Http.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Thalian.Contracts.Aws;
using Thalian.Contracts.Correlation;
using Thalian.Findings.Detecting;
using Thalian.Findings.ManagingFindings;
using Thalian.Findings.TrackingIdentities;
using Thalian.Testing;

namespace Thalian.Findings.Tests.Lifecycle;

/// <summary>
/// Two sister accounts whose roles trust each other, connected in either order, one after the other or all at once:
/// the cross-account rule's outcome depends only on which accounts are connected, never on the order the
/// connections, syncs and settings arrive in.
/// </summary>
public sealed class ConnectingAccountsTests(FindingsFixture fx) : IClassFixture<FindingsFixture>
{
    private const string A = "111111111111";
    private const string B = "222222222222";
    private const string Outside = "999999999999";

    private IDocumentStore Store => fx.Service.Services.GetRequiredService<IDocumentStore>();

    public static TheoryData<bool, bool> Orders => new() { { true, true }, { false, true }, { true, false }, { false, false } };

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Sister_accounts_never_count_as_another_account_whichever_connects_first(bool aFirst, bool oneAfterTheOther) =>
        await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            var tenant = "conn-" + Guid.NewGuid().ToString("N")[..8];
            await ConnectBothAsync(tenant, aFirst, oneAfterTheOther);
            Assert.Equal([$"arn:aws:iam::{B}:role/to-outside"], await OpenCrossAccountAsync(tenant));
        }));

    [Fact]
    public async Task Removing_an_account_and_trusting_it_again_re_evaluate_the_roles_that_trust_it()
    {
        var tenant = "conn-" + Guid.NewGuid().ToString("N")[..8];
        await ConnectBothAsync(tenant, aFirst: true, oneAfterTheOther: true);
        Assert.Equal([$"arn:aws:iam::{B}:role/to-outside"], await OpenCrossAccountAsync(tenant));

        var removedAt = fx.Clock.GetUtcNow();
        await fx.Publish(new AwsConnectionRemoved(tenant, Guid.NewGuid(), B, removedAt));
        await Eventually.True(async () => (await OpenCrossAccountAsync(tenant)).SequenceEqual([$"arn:aws:iam::{A}:role/to-b"]),
            what: "A's role trusting the removed account B is cross-account");

        // What correlation publishes for the removed account afterwards must not bring it back as connected.
        await fx.Publish(Role(tenant, B, "to-a", A, removedAt, version: 2, deleted: true));
        await fx.Publish(Role(tenant, B, "to-outside", Outside, removedAt, version: 2, deleted: true));
        await fx.Publish(Account(tenant, B, removedAt, version: 2, removed: true));
        await Eventually.True(async () =>
        {
            await using var session = Store.QuerySession(tenant);
            return await session.Query<TrackedRole>().CountAsync(r => r.AccountId == B && r.Deleted) == 2
                && await session.Query<TrackedAccount>().AnyAsync(a => a.AccountId == B && a.Removed);
        }, what: "the removed account's last messages processed");
        Assert.Equal([$"arn:aws:iam::{A}:role/to-b"], await OpenCrossAccountAsync(tenant));

        using var admin = fx.ClientFor(tenant);
        using var saved = await admin.PutAsJsonAsync("/api/v1/settings", new { trustedAccountIds = new[] { B } });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        await Eventually.True(async () => (await OpenCrossAccountAsync(tenant)).Count == 0, what: "B trusted: nothing cross-account");
    }

    private async Task ConnectBothAsync(string tenant, bool aFirst, bool oneAfterTheOther)
    {
        var at = fx.Clock.GetUtcNow();
        IReadOnlyList<object> ConnectA() => [Account(tenant, A, at), Role(tenant, A, "to-b", B, at), Settled(tenant, A, at)];
        IReadOnlyList<object> ConnectB() =>
            [Account(tenant, B, at), Role(tenant, B, "to-a", A, at), Role(tenant, B, "to-outside", Outside, at), Settled(tenant, B, at)];
        var (first, second, firstAccount) = aFirst ? (ConnectA(), ConnectB(), A) : (ConnectB(), ConnectA(), B);
        await PublishAll(first);
        if (oneAfterTheOther)
        {
            await ProcessedAsync(tenant, [firstAccount], at.AddSeconds(1));
        }
        await PublishAll(second);
        await ProcessedAsync(tenant, [A, B], at.AddSeconds(1));
    }

    private async Task PublishAll(IEnumerable<object> messages)
    {
        foreach (var message in messages)
        {
            await (message switch
            {
                AwsAccountChanged m => fx.Publish(m),
                IamRoleChanged m => fx.Publish(m),
                IdentitiesSettled m => fx.Publish(m),
                _ => throw new ArgumentException(message.GetType().Name),
            });
        }
    }

    /// <summary>Every message of the accounts' connection is committed: postures and roles stored, settled markers (a second after the observation) seen.</summary>
    private Task ProcessedAsync(string tenant, string[] accounts, DateTimeOffset settledAt) =>
        Eventually.True(async () =>
        {
            await using var session = Store.QuerySession(tenant);
            var roles = (await session.Query<TrackedRole>().ToListAsync()).Count(r => accounts.Contains(r.AccountId));
            var settled = (await session.Query<ConnectedAccount>().ToListAsync()).Count(c => accounts.Contains(c.AccountId) && c.LastSettledAt == settledAt);
            var postures = (await session.Query<TrackedAccount>().ToListAsync()).Count(a => accounts.Contains(a.AccountId));
            return roles == accounts.Sum(a => a == A ? 1 : 2) && settled == accounts.Length && postures == accounts.Length;
        }, what: $"connection of {string.Join(" and ", accounts)} processed");

    private async Task<IReadOnlyList<string>> OpenCrossAccountAsync(string tenant)
    {
        await using var session = Store.QuerySession(tenant);
        var open = await session.Query<FindingView>()
            .Where(f => f.RuleId == RuleIds.CrossAccountTrust && f.Status != FindingStatuses.Resolved).ToListAsync();
        return [.. open.Select(f => f.ResourceArn).Order(StringComparer.Ordinal)];
    }

    private static AwsAccountChanged Account(string tenant, string account, DateTimeOffset at, long version = 1, bool removed = false) => new()
    {
        TenantId = tenant, CorrelationId = Guid.NewGuid(), IdentityId = FindingIds.NameBased($"{tenant}/{account}"), AccountId = account,
        Partition = "aws", ObservedAt = at, Version = version, Removed = removed,
        Posture = new AccountPosture { AccountMfaEnabled = 1, CloudTrailAvailable = true, RootCredentials = new CredentialReportRow { MfaActive = true } },
    };

    private static IamRoleChanged Role(string tenant, string account, string name, string trusted, DateTimeOffset at, long version = 1, bool deleted = false) => new()
    {
        TenantId = tenant, CorrelationId = Guid.NewGuid(), IdentityId = FindingIds.NameBased($"{tenant}/{account}/{name}"), AccountId = account,
        Partition = "aws", ObservedAt = at, Version = version, Deleted = deleted,
        Role = new IamRoleObservation
        {
            RoleName = name, RoleId = $"AROA{account}{name.Replace("-", "", StringComparison.Ordinal).ToUpperInvariant()}", Arn = $"arn:aws:iam::{account}:role/{name}",
            TrustPolicy = $$"""{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{trusted}}:root"},"Action":"sts:AssumeRole"}]}""",
        },
    };

    private static IdentitiesSettled Settled(string tenant, string account, DateTimeOffset at) => new()
    {
        TenantId = tenant, CorrelationId = Guid.NewGuid(), SourceKind = "aws", SourceId = account, SyncRunId = Guid.NewGuid(),
        Complete = true, ObservedAt = at, SettledAt = at.AddSeconds(1),
    };
}
