using Thalian.Contracts.Aws;
using Thalian.Contracts.Correlation;
using Thalian.Contracts.Idp;

namespace Thalian.Findings.Tests.Lifecycle;

/// <summary>Correlation messages as correlation publishes them.</summary>
public static class Messages
{
    public const string Account = "123456789012";

    public static IdentitiesSettled IdpSettled(string tenant, Guid connection, bool complete, DateTimeOffset at) => new()
    {
        TenantId = tenant, CorrelationId = Guid.NewGuid(), SourceKind = "idp", SourceId = connection.ToString(), Provider = IdpProviders.Okta,
        SyncRunId = Guid.NewGuid(), Complete = complete, Error = complete ? null : "listing failed on page 3", ObservedAt = at, SettledAt = at,
    };

    public static IdentitiesSettled AwsSettled(string tenant, bool complete, DateTimeOffset at) => new()
    {
        TenantId = tenant, CorrelationId = Guid.NewGuid(), SourceKind = "aws", SourceId = Account, SyncRunId = Guid.NewGuid(),
        Complete = complete, ObservedAt = at, SettledAt = at,
    };

    public static readonly IdpMatch Unmatched = new("unmatched", null, null, [], ["email: no IdP account with this address"]);

    public static IdpMatch Linked(IdpLifecycle lifecycle = IdpLifecycle.Active) => new("linked", "email", "high",
        [new LinkedIdpAccount(Guid.NewGuid(), IdpProviders.Okta, "00u1", "bob@example.com", lifecycle, lifecycle.ToString().ToUpperInvariant(), null, false)],
        ["email: matched"]);

    public static IamUserChanged User(string tenant, Guid id, string name, long version, IdpMatch match, DateTimeOffset at,
        bool password = false, bool mfa = false, bool deleted = false) => new()
    {
        TenantId = tenant, CorrelationId = Guid.NewGuid(), IdentityId = id, AccountId = Account, Partition = "aws", ObservedAt = at,
        Version = version, Deleted = deleted, Match = match,
        User = new IamUserObservation
        {
            UserName = name, UserId = "AIDA" + name.ToUpperInvariant().PadRight(17, '0'), Arn = $"arn:aws:iam::{Account}:user/{name}",
            Credentials = new CredentialReportRow { PasswordEnabled = password, MfaActive = mfa },
        },
    };

    public static AwsAccountChanged Root(string tenant, Guid id, long version, DateTimeOffset at, params RootActivity[] uses) => new()
    {
        TenantId = tenant, CorrelationId = Guid.NewGuid(), IdentityId = id, AccountId = Account, Partition = "aws", ObservedAt = at,
        Version = version,
        Posture = new AccountPosture
        {
            AccountMfaEnabled = 1, CloudTrailAvailable = true, RootActivity = uses,
            RootCredentials = new CredentialReportRow { MfaActive = true }, CredentialReportGeneratedAt = at,
        },
    };
}
