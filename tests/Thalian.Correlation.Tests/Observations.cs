using Thalian.Contracts.Aws;
using Thalian.Contracts.Idp;

namespace Thalian.Correlation.Tests;

/// <summary>Builders for the collectors' messages, with realistic defaults.</summary>
public static class Observations
{
    public const string Account = "123456789012";

    public static IamUserObservation User(string name, string? id = null, IReadOnlyDictionary<string, string>? tags = null) => new()
    {
        UserName = name,
        UserId = id ?? "AIDA" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)))[..16],
        Arn = $"arn:aws:iam::{Account}:user/{name}",
        CreatedAt = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
        Tags = tags ?? new Dictionary<string, string>(),
        Credentials = new CredentialReportRow { PasswordEnabled = true, MfaActive = false },
    };

    public static IamRoleObservation Role(string name) => new()
    {
        RoleName = name,
        RoleId = "AROA" + name.ToUpperInvariant().PadRight(12, 'X')[..12],
        Arn = $"arn:aws:iam::{Account}:role/{name}",
        TrustPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""",
    };

    public static AwsIdentitiesObserved AwsBatch(string tenant, Guid run, DateTimeOffset at, IReadOnlyList<IamUserObservation> users, IReadOnlyList<IamRoleObservation>? roles = null) => new()
    {
        TenantId = tenant, CorrelationId = Guid.NewGuid(), SyncRunId = run, AccountId = Account, Partition = "aws",
        ObservedAt = at, Users = users, Roles = roles ?? [],
    };

    public static AwsSyncCompleted AwsCompleted(string tenant, Guid run, DateTimeOffset startedAt, int batches, bool complete = true) => new()
    {
        TenantId = tenant, CorrelationId = Guid.NewGuid(), SyncRunId = run, ConnectionId = Guid.NewGuid(), AccountId = Account,
        StartedAt = startedAt, CompletedAt = startedAt.AddMinutes(1), Complete = complete, BatchCount = batches,
        Error = complete ? null : "iam:ListUsers was throttled; the listing stopped part way",
    };

    public static AwsAccountObserved AccountPosture(string tenant, Guid run, DateTimeOffset at, int mfa = 1) => new()
    {
        TenantId = tenant, CorrelationId = Guid.NewGuid(), SyncRunId = run, AccountId = Account, Partition = "aws", ObservedAt = at,
        Posture = new AccountPosture { AccountMfaEnabled = mfa, CloudTrailAvailable = true, Summary = new Dictionary<string, int> { ["Users"] = 2 } },
    };

    public static IdpAccountObservation Okta(string id, string email, IdpLifecycle lifecycle = IdpLifecycle.Active, string? raw = null,
        DateTimeOffset? statusChangedAt = null, IReadOnlyList<string>? aliases = null) => new()
    {
        ExternalId = id, Lifecycle = lifecycle, RawStatus = raw ?? lifecycle.ToString().ToUpperInvariant(), PrimaryEmail = email,
        Emails = aliases ?? [], Usernames = [email], DisplayName = id, StatusChangedAt = statusChangedAt,
    };

    public static IdpAccountsObserved IdpBatch(string tenant, Guid connection, Guid run, DateTimeOffset at, IReadOnlyList<IdpAccountObservation> accounts, string provider = IdpProviders.Okta) => new()
    {
        TenantId = tenant, CorrelationId = Guid.NewGuid(), SyncRunId = run, ConnectionId = connection, Provider = provider,
        ObservedAt = at, Accounts = accounts,
    };

    public static IdpSyncCompleted IdpCompleted(string tenant, Guid connection, Guid run, DateTimeOffset startedAt, int batches, bool complete = true, string provider = IdpProviders.Okta) => new()
    {
        TenantId = tenant, CorrelationId = Guid.NewGuid(), SyncRunId = run, ConnectionId = connection, Provider = provider,
        StartedAt = startedAt, CompletedAt = startedAt.AddMinutes(1), Complete = complete, BatchCount = batches,
        Error = complete ? null : "Okta returned 500 on page 3",
    };
}
