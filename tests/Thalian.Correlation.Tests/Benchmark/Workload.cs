using MassTransit;
using Thalian.Contracts.Aws;
using Thalian.Contracts.Idp;

namespace Thalian.Correlation.Benchmark;

/// <summary>
/// The collectors' messages for ACCOUNTS x USERS IAM users and one IdP of IDP accounts, each IAM user matching one IdP
/// account by email. A changed run suspends every <c>changedEvery</c>-th IdP account and removes the MFA device of as
/// many other IAM users.
/// </summary>
public sealed class Workload(int accounts, int usersPerAccount, int idpAccounts, string tenant)
{
    public const int BatchSize = 200;
    private readonly Guid _okta = Guid.NewGuid();

    public int Runs => 1 + accounts;

    public async Task PublishAsync(IBus bus, DateTimeOffset at, int changedEvery)
    {
        await PublishIdpAsync(bus, at, changedEvery);
        for (var a = 0; a < accounts; a++)
        {
            await PublishAwsAsync(bus, a, at, changedEvery);
        }
    }

    private async Task PublishIdpAsync(IBus bus, DateTimeOffset at, int changedEvery)
    {
        var run = Guid.NewGuid();
        var batches = 0;
        foreach (var chunk in Enumerable.Range(0, idpAccounts).Chunk(BatchSize))
        {
            await bus.Publish(new IdpAccountsObserved
            {
                TenantId = tenant, CorrelationId = run, SyncRunId = run, ConnectionId = _okta, Provider = IdpProviders.Okta, ObservedAt = at,
                Accounts = [.. chunk.Select(n => IdpAccount(n, changedEvery > 0 && n % changedEvery == 0))],
            });
            batches++;
        }
        await bus.Publish(new IdpSyncCompleted
        {
            TenantId = tenant, CorrelationId = run, SyncRunId = run, ConnectionId = _okta, Provider = IdpProviders.Okta,
            StartedAt = at.AddMinutes(-1), CompletedAt = at.AddMinutes(1), Complete = true, AccountCount = idpAccounts, BatchCount = batches,
        });
    }

    private async Task PublishAwsAsync(IBus bus, int account, DateTimeOffset at, int changedEvery)
    {
        var run = Guid.NewGuid();
        var accountId = (100_000_000_000L + account).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var batches = 0;
        foreach (var chunk in Enumerable.Range(account * usersPerAccount, usersPerAccount).Chunk(BatchSize))
        {
            await bus.Publish(new AwsIdentitiesObserved
            {
                TenantId = tenant, CorrelationId = run, SyncRunId = run, AccountId = accountId, Partition = "aws", ObservedAt = at,
                Users = [.. chunk.Select(n => IamUser(accountId, n, changedEvery > 0 && n % changedEvery == 1))],
            });
            batches++;
        }
        await bus.Publish(new AwsSyncCompleted
        {
            TenantId = tenant, CorrelationId = run, SyncRunId = run, ConnectionId = Guid.Empty, AccountId = accountId,
            StartedAt = at.AddMinutes(-1), CompletedAt = at.AddMinutes(1), Complete = true, UserCount = usersPerAccount, BatchCount = batches,
        });
    }

    private static IdpAccountObservation IdpAccount(int n, bool changed) => new()
    {
        ExternalId = $"00u{n}", Lifecycle = changed ? IdpLifecycle.Suspended : IdpLifecycle.Active, RawStatus = changed ? "SUSPENDED" : "ACTIVE",
        PrimaryEmail = $"user{n}@corp.example", Usernames = [$"user{n}@corp.example"], DisplayName = $"User {n}",
    };

    private static IamUserObservation IamUser(string accountId, int n, bool changed) => new()
    {
        UserName = $"user{n}@corp.example", UserId = $"AIDA{n:D16}", Arn = $"arn:aws:iam::{accountId}:user/user{n}@corp.example",
        CreatedAt = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), GroupNames = ["developers"],
        Policies = [new("group:developers", "aws-managed", "ReadOnlyAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess", null)],
        Credentials = new CredentialReportRow
        {
            PasswordEnabled = true, MfaActive = !changed,
            AccessKey1 = new AccessKeyUsage { Active = true, LastRotated = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero) },
        },
        MfaDevices = changed ? [] : [new($"arn:aws:iam::{accountId}:mfa/user{n}", "virtual", new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero))],
    };
}
