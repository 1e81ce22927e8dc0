using Thalian.Contracts.Aws;
using Thalian.Contracts.Correlation;
using Thalian.Contracts.Idp;

namespace Thalian.Findings.Tests.Lifecycle;

/// <summary>
/// A realistic tenant as correlation would describe it: for each rule an identity that must fire it and a look-alike
/// that must not. <see cref="Expected"/> is the complete set of open findings ("rule resource").
/// </summary>
public sealed class Scenario(string tenant, DateTimeOffset now)
{
    public const string Main = "123456789012";
    public const string Sister = "210987654321";
    public const string Trusted = "333333333333";
    public const string Vendor = "999999999999";
    private int version;

    public List<object> Messages { get; } = [];
    public SortedSet<string> Expected { get; } = new(StringComparer.Ordinal);

    private static readonly IdpMatch Unmatched = new("unmatched", null, null, [], ["email: no match", "username: no match"]);
    private static readonly string AllowAll = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*:*","Resource":"*"}}""";

    private static IdpMatch Linked(params IdpLifecycle[] lifecycles) => new("linked", "email", "high",
        [.. lifecycles.Select((l, i) => new LinkedIdpAccount(Guid.Empty, IdpProviders.Okta, $"00u{i}", $"p{i}@example.com", l, l.ToString().ToUpperInvariant(),
            l == IdpLifecycle.Active ? null : DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), false))],
        ["email: matched"]);

    public static string UserArn(string name) => $"arn:aws:iam::{Main}:user/{name}";

    public Scenario Build()
    {
        var admin = new PolicyGrant("group:admins", "aws-managed", "AdministratorAccess", "arn:aws:iam::aws:policy/AdministratorAccess", null);
        var fakeAdmin = new PolicyGrant("direct", "customer-managed", "AdministratorAccess", $"arn:aws:iam::{Main}:policy/AdministratorAccess",
            """{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}""");
        User("admin-ghost", Unmatched, policies: [admin], fires: ["aws-admin-not-in-idp"]);
        User("inline-star", Unmatched, policies: [new PolicyGrant("direct", "inline", "all", null, AllowAll)], fires: ["aws-admin-not-in-idp"]);
        User("power-user", Unmatched, policies: [admin with { Name = "PowerUserAccess", PolicyArn = "arn:aws:iam::aws:policy/PowerUserAccess" }], fires: ["aws-admin-not-in-idp"]);
        User("named-like-admin", Unmatched, policies: [fakeAdmin], fires: ["aws-user-not-in-idp"]);
        User("svc-ci", Unmatched, policies: [admin], tags: new() { ["thalian:service-account"] = "true" });
        User("ambiguous-amy", new IdpMatch("ambiguous", "username", "high", Linked(IdpLifecycle.Active, IdpLifecycle.Active).Accounts, ["username: 2"]));
        User("linked-alice", Linked(IdpLifecycle.Active), row: new() { PasswordEnabled = true, MfaActive = true });
        User("departed-bob", Linked(IdpLifecycle.Deprovisioned), fires: ["stale-iam-user"]);
        User("suspended-sue", Linked(IdpLifecycle.Suspended, IdpLifecycle.Deprovisioned), fires: ["stale-iam-user"]);
        User("conflict-carl", Linked(IdpLifecycle.Active, IdpLifecycle.Deprovisioned));
        User("nomfa-dan", Linked(IdpLifecycle.Active), row: new() { PasswordEnabled = true }, fires: ["iam-user-without-mfa"]);
        User("u2f-dora", Linked(IdpLifecycle.Active), row: new() { PasswordEnabled = true }, mfa: [new MfaDevice($"arn:aws:iam::{Main}:u2f/user/u2f-dora/x", "u2f", now)]);
        User("keyonly-eve", Linked(IdpLifecycle.Active), row: new() { PasswordEnabled = false, AccessKey1 = Key(-10, -1) });
        User("old-unused-hal", Linked(IdpLifecycle.Active), row: new() { AccessKey1 = Key(-120, null) }, keyFires: [("stale-access-key", 1), ("access-key-not-rotated", 1)]);
        User("stale-key-fay", Linked(IdpLifecycle.Active), row: new() { AccessKey1 = Key(-200, -100) }, keyFires: [("stale-access-key", 1), ("access-key-not-rotated", 1)]);
        User("new-key-gus", Linked(IdpLifecycle.Active), row: new() { AccessKey1 = Key(-10, null) });
        User("inactive-ian", Linked(IdpLifecycle.Active), row: new() { AccessKey1 = Key(-400, null) with { Active = false } });
        User("old-active-kai", Linked(IdpLifecycle.Active), row: new() { AccessKey1 = Key(-100, -1) }, keyFires: [("access-key-not-rotated", 1)]);
        User("two-keys-jo", Linked(IdpLifecycle.Active), row: new() { AccessKey1 = Key(-20, -1), AccessKey2 = Key(-5, -1) }, fires: ["multiple-active-access-keys"]);

        Account(Main, new AccountPosture
        {
            AccountMfaEnabled = 0, CloudTrailAvailable = true,
            RootCredentials = new CredentialReportRow { MfaActive = false },
            RootActivity = [new RootActivity(now.AddDays(-5), "ConsoleLogin", "us-east-1", "203.0.113.5", false, "e-1")],
        }, ["root-without-mfa", "root-recently-used"]);
        Account(Sister, new AccountPosture
        {
            AccountMfaEnabled = 0, CloudTrailAvailable = false, CloudTrailError = "AccessDenied",
            RootCredentials = new CredentialReportRow { PasswordEnabled = false, PasswordLastUsed = now.AddDays(-200) },
            Summary = new Dictionary<string, int> { ["AccountPasswordPresent"] = 0, ["AccountAccessKeysPresent"] = 0 },
        }, []);

        Role("open-role", """{"AWS":"*"}""", "", fires: "wildcard-trust-principal");
        Role("org-role", "\"*\"", ""","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}""");
        Role("vendor-role", $$"""{"AWS":"arn:aws:iam::{{Vendor}}:root"}""", "", fires: "cross-account-trust-without-condition");
        Role("vendor-extid", $$"""{"AWS":"{{Vendor}}"}""", ""","Condition":{"StringEquals":{"sts:ExternalId":"x-1"}}""");
        Role("sister-role", $$"""{"AWS":"arn:aws:iam::{{Sister}}:role/deployer"}""", "");
        Role("trusted-role", $$"""{"AWS":"{{Trusted}}"}""", "");
        Role("ec2-role", """{"Service":["ec2.amazonaws.com"]}""", "");
        Role("ghost-role", """{"AWS":"AROAJQABLZS4A3QDU576Q"}""", "");
        return this;
    }

    private AccessKeyUsage Key(int createdDaysAgo, int? usedDaysAgo) =>
        new() { Active = true, LastRotated = now.AddDays(createdDaysAgo), LastUsedDate = usedDaysAgo is { } u ? now.AddDays(u) : null };

    private void User(string name, IdpMatch match, CredentialReportRow? row = null, IReadOnlyList<PolicyGrant>? policies = null,
        Dictionary<string, string>? tags = null, IReadOnlyList<MfaDevice>? mfa = null, string[]? fires = null, (string Rule, int Slot)[]? keyFires = null)
    {
        Messages.Add(new IamUserChanged
        {
            TenantId = tenant, CorrelationId = Guid.NewGuid(), IdentityId = Guid.NewGuid(), AccountId = Main, Partition = "aws", ObservedAt = now,
            Version = ++version, Match = match,
            User = new IamUserObservation
            {
                UserName = name, UserId = $"AIDA{version:D17}", Arn = UserArn(name), Policies = policies ?? [], Tags = tags ?? [],
                Credentials = row ?? new CredentialReportRow { PasswordEnabled = false }, MfaDevices = mfa ?? [],
            },
        });
        foreach (var rule in fires ?? [])
        {
            Expected.Add($"{rule} {UserArn(name)}");
        }
        foreach (var (rule, slot) in keyFires ?? [])
        {
            Expected.Add($"{rule} {UserArn(name)} key{slot}");
        }
    }

    private void Account(string accountId, AccountPosture posture, string[] fires)
    {
        Messages.Add(new AwsAccountChanged
        {
            TenantId = tenant, CorrelationId = Guid.NewGuid(), IdentityId = Guid.NewGuid(), AccountId = accountId, Partition = "aws",
            ObservedAt = now, Version = 1, Posture = posture,
        });
        foreach (var rule in fires)
        {
            Expected.Add($"{rule} arn:aws:iam::{accountId}:root");
        }
    }

    private void Role(string name, string principal, string condition, string? fires = null)
    {
        var arn = $"arn:aws:iam::{Main}:role/{name}";
        Messages.Add(new IamRoleChanged
        {
            TenantId = tenant, CorrelationId = Guid.NewGuid(), IdentityId = Guid.NewGuid(), AccountId = Main, Partition = "aws", ObservedAt = now,
            Version = 1,
            Role = new IamRoleObservation
            {
                RoleName = name, RoleId = $"AROA{++version:D17}", Arn = arn,
                TrustPolicy = Uri.EscapeDataString($$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{{principal}},"Action":"sts:AssumeRole"{{condition}}}]}"""),
            },
        });
        if (fires is not null)
        {
            Expected.Add($"{fires} {arn}");
        }
    }
}
