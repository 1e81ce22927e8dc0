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
