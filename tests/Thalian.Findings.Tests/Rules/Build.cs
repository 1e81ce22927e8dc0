using Thalian.Contracts.Aws;
using Thalian.Contracts.Correlation;
using Thalian.Contracts.Idp;
using Thalian.Findings.Detecting;
using Thalian.Findings.ManagingSettings;
using Thalian.Findings.TrackingIdentities;

namespace Thalian.Findings.Tests.Rules;

/// <summary>Test data with sensible defaults: a linked human user with no credentials, in account 111111111111.</summary>
public static class Build
{
    public const string Account = "111111111111";
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static LinkedIdpAccount Idp(IdpLifecycle lifecycle = IdpLifecycle.Active, bool removed = false, string id = "00u1") =>
        new(Guid.Parse("9e2f6a55-0000-4000-8000-000000000001"), "okta", id, $"{id}@example.com", lifecycle, lifecycle.ToString().ToUpperInvariant(),
            lifecycle == IdpLifecycle.Active ? null : Now.AddDays(-10), removed);

    public static IdpMatch Linked(params LinkedIdpAccount[] accounts) => new("linked", "email", "high", accounts.Length == 0 ? [Idp()] : accounts, ["email: matched"]);

    public static readonly IdpMatch Unmatched = new("unmatched", null, null, [], ["tag: none", "email: no match", "username: no match"]);

    public static TrackedUser User(string name = "alice", IdpMatch? match = null, CredentialReportRow? credentials = null,
        IReadOnlyList<PolicyGrant>? policies = null, IReadOnlyDictionary<string, string>? tags = null, string path = "/",
        IReadOnlyList<MfaDevice>? mfa = null, string partition = "aws", bool deleted = false, IReadOnlyList<AccessKeyMetadata>? keys = null) => new()
    {
        Id = Guid.NewGuid(),
        AccountId = Account,
        Partition = partition,
        ObservedAt = Now.AddHours(-1),
        Version = 1,
        Deleted = deleted,
        Match = match ?? Linked(),
        User = new IamUserObservation
        {
            UserName = name,
            UserId = "AIDA" + name.ToUpperInvariant().PadRight(17, 'X'),
            Arn = $"arn:{partition}:iam::{Account}:user{path}{name}",
            Path = path,
            Tags = tags ?? new Dictionary<string, string>(),
            Policies = policies ?? [],
            Credentials = credentials ?? new CredentialReportRow { PasswordEnabled = false },
            MfaDevices = mfa ?? [],
            AccessKeys = keys,
        },
    };

    public static AccessKeyUsage Key(DateTimeOffset created, DateTimeOffset? lastUsed = null, bool active = true) =>
        new() { Active = active, LastRotated = created, LastUsedDate = lastUsed };

    public static PolicyGrant Managed(string name, string source = "direct", string partition = "aws") =>
        new(source, "aws-managed", name, $"arn:{partition}:iam::aws:policy/{name}", null);

    public static PolicyGrant Customer(string name, string document, string source = "direct") =>
        new(source, "customer-managed", name, $"arn:aws:iam::{Account}:policy/{name}", document);

    public static PolicyGrant Inline(string name, string document, string source = "direct") => new(source, "inline", name, null, document);

    public static TrackedRole Role(string? trust, string name = "deploy", string partition = "aws", string? error = null) => new()
    {
        Id = Guid.NewGuid(),
        AccountId = Account,
        Partition = partition,
        ObservedAt = Now.AddHours(-1),
        Version = 1,
        Role = new IamRoleObservation
        {
            RoleName = name, RoleId = "AROA" + name.ToUpperInvariant().PadRight(17, 'X'), Arn = $"arn:{partition}:iam::{Account}:role/{name}",
            TrustPolicy = trust, TrustPolicyError = error,
        },
    };

    public static TrackedAccount AccountWith(AccountPosture posture) => new()
    {
        Id = Guid.NewGuid(), AccountId = Account, Partition = "aws", ObservedAt = Now.AddHours(-1), Version = 1, Posture = posture,
    };

    public static RuleContext Context(TenantSettings? settings = null, IdpCoverage? idp = null, params string[] tenantAccounts) =>
        new(settings ?? TenantSettings.DefaultFor("t1"), idp ?? new IdpCoverage(1, []), new HashSet<string>([Account, .. tenantAccounts]), Now);

    public static RuleVerdict Verdict(IEnumerable<RuleVerdict> verdicts, string ruleId) => verdicts.Single(v => v.RuleId == ruleId);
}
