using System.Net.Http.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Thalian.Contracts.Aws;
using Thalian.Contracts.Idp;
using Thalian.Findings.Tests.Lifecycle;
using Thalian.Testing;

namespace Thalian.Findings.Tests.WithCorrelation;

/// <summary>
/// The real correlation service feeds the real findings service: collector messages in, findings out. Proves the
/// services agree on the wire (versions, match states, settled markers), not just on the contract types.
/// </summary>
public sealed class CorrelationToFindingsTests : IsolatedInfrastructure
{
    private const string Account = "123456789012";

    [Fact]
    public async Task Collector_observations_become_the_expected_findings()
    {
        await using var correlation = new ServiceFactory<Thalian.Correlation.CorrelationService>(this, "correlation");
        await using var findings = new ServiceFactory<FindingsService>(this, "findings");
        _ = correlation.Server;
        _ = findings.Server;
        var bus = findings.Services.GetRequiredService<IBusControl>();
        await bus.WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        await correlation.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));

        var tenant = "slice-" + Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        var connection = Guid.NewGuid();
        var idpRun = Guid.NewGuid();
        await bus.Publish(new IdpAccountsObserved
        {
            TenantId = tenant, CorrelationId = Guid.NewGuid(), SyncRunId = idpRun, ConnectionId = connection, Provider = IdpProviders.Okta,
            ObservedAt = now, Accounts = [Person("00u1", "alice@example.com", IdpLifecycle.Active), Person("00u2", "bob@example.com", IdpLifecycle.Deprovisioned)],
        });
        await bus.Publish(new IdpSyncCompleted
        {
            TenantId = tenant, CorrelationId = Guid.NewGuid(), SyncRunId = idpRun, ConnectionId = connection, Provider = IdpProviders.Okta,
            StartedAt = now, CompletedAt = now, Complete = true, AccountCount = 2, BatchCount = 1,
        });

        var awsRun = Guid.NewGuid();
        var admin = new PolicyGrant("group:admins", "aws-managed", "AdministratorAccess", "arn:aws:iam::aws:policy/AdministratorAccess", null);
        await bus.Publish(new AwsIdentitiesObserved
        {
            TenantId = tenant, CorrelationId = Guid.NewGuid(), SyncRunId = awsRun, AccountId = Account, Partition = "aws", ObservedAt = now,
            Users = [User("alice@example.com", mfa: true), User("bob@example.com", mfa: true), User("mallory", mfa: false, admin)],
            Roles =
            [
                new IamRoleObservation
                {
                    RoleName = "open", RoleId = "AROAOPENROLE000000001", Arn = $"arn:aws:iam::{Account}:role/open",
                    TrustPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}""",
                },
            ],
        });
        await bus.Publish(new AwsAccountObserved
        {
            TenantId = tenant, CorrelationId = Guid.NewGuid(), SyncRunId = awsRun, AccountId = Account, Partition = "aws", ObservedAt = now,
            Posture = new AccountPosture { AccountMfaEnabled = 0, CloudTrailAvailable = true, Summary = new Dictionary<string, int> { ["AccountMFAEnabled"] = 0 } },
        });
        await bus.Publish(new AwsSyncCompleted
        {
            TenantId = tenant, CorrelationId = Guid.NewGuid(), SyncRunId = awsRun, ConnectionId = Guid.NewGuid(), AccountId = Account,
            StartedAt = now, CompletedAt = now, Complete = true, UserCount = 3, RoleCount = 1, BatchCount = 1,
        });

        string[] expected =
        [
            $"aws-admin-not-in-idp arn:aws:iam::{Account}:user/mallory",
            $"iam-user-without-mfa arn:aws:iam::{Account}:user/mallory",
            $"root-without-mfa arn:aws:iam::{Account}:root",
            $"stale-iam-user arn:aws:iam::{Account}:user/bob@example.com",
            $"wildcard-trust-principal arn:aws:iam::{Account}:role/open",
        ];
        using var client = findings.CreateClientFor(tenant);
        string[] actual = [];
        try
        {
            await Eventually.True(async () =>
            {
                var page = await client.GetFromJsonAsync<FindingPageDto>("/api/v1/findings?status=open&limit=500");
                actual = [.. page!.Items.Select(f => $"{f.RuleId} {f.ResourceArn}").Order(StringComparer.Ordinal)];
                return actual.SequenceEqual(expected);
            }, within: TimeSpan.FromSeconds(60), what: "findings from correlation's messages");
        }
        catch (TimeoutException)
        {
            // The assertion below shows what arrived instead.
        }
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task A_hard_deleted_person_is_not_in_the_idp_and_unreadable_data_never_guesses()
    {
        await using var correlation = new ServiceFactory<Thalian.Correlation.CorrelationService>(this, "correlation");
        await using var findings = new ServiceFactory<FindingsService>(this, "findings");
        _ = correlation.Server;
        _ = findings.Server;
        var bus = findings.Services.GetRequiredService<IBusControl>();
        await bus.WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        await correlation.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        var tenant = "gone-" + Guid.NewGuid().ToString("N")[..8];
        var connection = Guid.NewGuid();
        var start = DateTimeOffset.UtcNow;
        var people = new[] { "alice@example.com", "carol@example.com", "dave@example.com", "erin@example.com" }
            .Select((email, i) => Person($"00u{i}", email, IdpLifecycle.Active)).ToList();
        await SyncIdpAsync(bus, tenant, connection, start, people);

        var admin = new PolicyGrant("direct", "aws-managed", "AdministratorAccess", "arn:aws:iam::aws:policy/AdministratorAccess", null);
        var unreadMfa = new DataProblem(DataParts.CredentialReport, "mfa_active", "credential report mfa_active = 'maybe' is not a recognised value");
        // dave's mfa_active could not be read: "false" would be a guess, so his MFA finding never opens; erin's could.
        await SyncAwsAsync(bus, tenant, start,
            User("alice@example.com", mfa: true), User("carol@example.com", mfa: true, admin),
            User("dave@example.com", mfa: false) with { DataProblems = [unreadMfa] }, User("erin@example.com", mfa: false));
        using var client = findings.CreateClientFor(tenant);
        await OpenEventually(client, [$"iam-user-without-mfa arn:aws:iam::{Account}:user/erin@example.com"]);

        // A complete sync no longer lists carol (hard-deleted): her admin IAM user is not in the IdP, and says why.
        await SyncIdpAsync(bus, tenant, connection, start.AddMinutes(1), [.. people.Where(p => p.PrimaryEmail != "carol@example.com")]);
        // erin's row turns unreadable: her open finding is neither resolved nor guessed at, and shows the problem.
        await SyncAwsAsync(bus, tenant, start.AddMinutes(2),
            User("alice@example.com", mfa: true), User("carol@example.com", mfa: true, admin),
            User("dave@example.com", mfa: false) with { DataProblems = [unreadMfa] }, User("erin@example.com", mfa: false) with { DataProblems = [unreadMfa] });
        var open = await OpenEventually(client, [$"aws-admin-not-in-idp arn:aws:iam::{Account}:user/carol@example.com",
            $"iam-user-without-mfa arn:aws:iam::{Account}:user/erin@example.com"], f => f.Evidence.ContainsKey("dataProblem"));

        var carol = open.Single(f => f.RuleId == "aws-admin-not-in-idp");
        Assert.StartsWith("okta carol@example.com removed from the IdP at ", carol.Evidence["removedIdpAccounts"], StringComparison.Ordinal);
        Assert.Equal(unreadMfa.Problem, open.Single(f => f.RuleId == "iam-user-without-mfa").Evidence["dataProblem"]);
    }

    private static async Task SyncIdpAsync(IBus bus, string tenant, Guid connection, DateTimeOffset at, List<IdpAccountObservation> accounts)
    {
        var run = Guid.NewGuid();
        await bus.Publish(new IdpAccountsObserved
        {
            TenantId = tenant, CorrelationId = Guid.NewGuid(), SyncRunId = run, ConnectionId = connection, Provider = IdpProviders.Okta,
            ObservedAt = at, Accounts = accounts,
        });
        await bus.Publish(new IdpSyncCompleted
        {
            TenantId = tenant, CorrelationId = Guid.NewGuid(), SyncRunId = run, ConnectionId = connection, Provider = IdpProviders.Okta,
            StartedAt = at, CompletedAt = at, Complete = true, AccountCount = accounts.Count, BatchCount = 1,
        });
    }

    private static async Task SyncAwsAsync(IBus bus, string tenant, DateTimeOffset at, params IamUserObservation[] users)
    {
        var run = Guid.NewGuid();
        await bus.Publish(new AwsIdentitiesObserved
        {
            TenantId = tenant, CorrelationId = Guid.NewGuid(), SyncRunId = run, AccountId = Account, Partition = "aws", ObservedAt = at, Users = users,
        });
        await bus.Publish(new AwsAccountObserved
        {
            TenantId = tenant, CorrelationId = Guid.NewGuid(), SyncRunId = run, AccountId = Account, Partition = "aws", ObservedAt = at,
            Posture = new AccountPosture { AccountMfaEnabled = 1, CloudTrailAvailable = true, Summary = new Dictionary<string, int> { ["AccountMFAEnabled"] = 1 } },
        });
        await bus.Publish(new AwsSyncCompleted
        {
            TenantId = tenant, CorrelationId = Guid.NewGuid(), SyncRunId = run, ConnectionId = Guid.NewGuid(), AccountId = Account,
            StartedAt = at, CompletedAt = at, Complete = true, UserCount = users.Length, BatchCount = 1,
        });
    }

    /// <summary>Waits until the open findings are exactly <paramref name="expected"/> (and satisfy <paramref name="also"/>), then asserts it.</summary>
    private static async Task<IReadOnlyList<Thalian.Contracts.Findings.FindingDetails>> OpenEventually(HttpClient client, string[] expected,
        Func<Thalian.Contracts.Findings.FindingDetails, bool>? also = null)
    {
        IReadOnlyList<Thalian.Contracts.Findings.FindingDetails> items = [];
        string[] actual = [];
        try
        {
            await Eventually.True(async () =>
            {
                items = (await client.GetFromJsonAsync<FindingPageDto>("/api/v1/findings?status=open&limit=500"))!.Items;
                actual = [.. items.Select(f => $"{f.RuleId} {f.ResourceArn}").Order(StringComparer.Ordinal)];
                return actual.SequenceEqual(expected) && (also is null || items.Any(also));
            }, within: TimeSpan.FromSeconds(60), what: "the expected open findings");
        }
        catch (TimeoutException)
        {
            // The assertion below shows what is open instead.
        }
        Assert.Equal(expected, actual);
        return items;
    }

    private static IdpAccountObservation Person(string id, string email, IdpLifecycle lifecycle) => new()
    {
        ExternalId = id, Lifecycle = lifecycle, RawStatus = lifecycle.ToString().ToUpperInvariant(), PrimaryEmail = email, Usernames = [email],
    };

    private static IamUserObservation User(string name, bool mfa, params PolicyGrant[] policies) => new()
    {
        UserName = name, UserId = "AIDA" + Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(name.PadRight(9, 'x')))[..17],
        Arn = $"arn:aws:iam::{Account}:user/{name}", Policies = policies,
        Credentials = new CredentialReportRow { PasswordEnabled = true, MfaActive = mfa },
    };
}
