using Thalian.AwsCollector.Tests.Fixtures;

namespace Thalian.AwsCollector.Tests.Emulated;

/// <summary>Pages of 1–2 items (short pages while truncated), every report token, encoded and raw policies, root activity.</summary>
public sealed class When_syncing_through_the_emulator(EmulatorCollectorFixture fixture) : IClassFixture<EmulatorCollectorFixture>
{
    private static readonly object AccountOne = new
    {
        accessKeyId = EmulatorCollectorFixture.KeyId(1), secretAccessKey = EmulatorCollectorFixture.Secret(1), cloudTrailRegions = new[] { "eu-west-1" },
    };

    [Fact]
    public async Task Every_identity_arrives_even_when_pages_are_short()
    {
        var (_, _, sync) = await fixture.ConnectAndSyncAsync(AccountOne);

        Assert.True(sync.Completed.Complete, sync.Completed.Error);
        Assert.Equal(["alice@example.com", "bob", "carol", "dave", "erin", "frank", "grace"], sync.Users.Select(u => u.UserName).Order().ToArray());
        Assert.Equal(["broken-trust", "vendor"], sync.Roles.Select(r => r.RoleName).Order().ToArray());
        var pages = fixture.Emulator.State.Served.Count(r => r.AccountId == "100000000001" && r.Action == "GetAccountAuthorizationDetails");
        Assert.True(pages >= 6, $"expected at least 6 GAAD pages of at most 2 of 12 items, saw {pages}");
    }

    [Fact]
    public async Task Credential_report_tokens_become_known_values_or_nulls()
    {
        var (_, _, sync) = await fixture.ConnectAndSyncAsync(AccountOne);

        var root = sync.Account!.Posture.RootCredentials!;
        Assert.True(root.PasswordEnabled);
        Assert.Null(root.PasswordLastChanged);
        Assert.True(root.MfaActive);
        Assert.True(root.AccessKey1.Active);
        Assert.NotNull(root.AccessKey1.LastUsedDate);
        Assert.Equal(1, sync.Account.Posture.AccountMfaEnabled);
        Assert.NotNull(sync.Completed.CredentialReportGeneratedAt);
        var bob = sync.User("bob").Credentials!;
        Assert.False(bob.PasswordEnabled);
        Assert.Null(bob.PasswordLastUsed);
        Assert.True(bob.AccessKey1.Active);
        Assert.Null(bob.AccessKey1.LastUsedDate);
        Assert.False(bob.AccessKey2.Active);
        Assert.Equal("iam", bob.AccessKey2.LastUsedService);
        Assert.Null(bob.AccessKey2.LastUsedRegion);
        var carol = sync.User("carol").Credentials!;
        Assert.True(carol.PasswordEnabled);
        Assert.Null(carol.PasswordLastUsed);
        var alice = sync.User("alice@example.com").Credentials!;
        Assert.InRange(alice.AccessKey1.LastRotated!.Value, DateTimeOffset.UtcNow.AddDays(-121), DateTimeOffset.UtcNow.AddDays(-119));
        Assert.Equal("eu-west-1", alice.AccessKey1.LastUsedRegion);
    }

    [Fact]
    public async Task Percent_encoded_policies_are_decoded_without_turning_plus_into_space()
    {
        var (_, _, sync) = await fixture.ConnectAndSyncAsync(AccountOne);

        var erin = sync.User("erin");
        Assert.Contains("arn:aws:s3:::a+b/x y/*", Assert.Single(erin.Policies, p => p.Kind == "inline").Document, StringComparison.Ordinal);
        var plus = Assert.Single(erin.Policies, p => p.Kind == "customer-managed");
        Assert.Contains("a+b c", plus.Document, StringComparison.Ordinal);
        Assert.DoesNotContain("Deny", plus.Document, StringComparison.Ordinal);
        var alice = sync.User("alice@example.com");
        Assert.Contains(alice.Policies, p => p is { Source: "group:admins", Kind: "aws-managed", PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess", Document: null });
        Assert.Contains(alice.Policies, p => p is { Source: "group:admins", Kind: "inline" } && p.Document!.Contains("\"Action\":\"*\"", StringComparison.Ordinal));
        Assert.Contains("999999999999", sync.Role("vendor").TrustPolicy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Undecodable_documents_and_dangling_groups_are_recorded_not_dropped()
    {
        var (_, _, sync) = await fixture.ConnectAndSyncAsync(AccountOne);

        var broken = Assert.Single(sync.User("frank").Policies);
        Assert.Null(broken.Document);
        Assert.Contains("not valid JSON", broken.DocumentError, StringComparison.Ordinal);
        Assert.Contains(sync.User("frank").Unparseable, u => u.Contains("BrokenPolicy", StringComparison.Ordinal));
        Assert.Contains(sync.User("grace").Unparseable, u => u.Contains("missing-group", StringComparison.Ordinal));
        var role = sync.Role("broken-trust");
        Assert.Null(role.TrustPolicy);
        Assert.NotNull(role.TrustPolicyError);
        Assert.True(sync.Completed.Complete);
    }

    [Fact]
    public async Task Raw_json_policies_are_read_as_they_are()
    {
        var (_, _, sync) = await fixture.ConnectAndSyncAsync(EmulatorCollectorFixture.Keys(2));

        Assert.Contains("arn:aws:s3:::a+b", Assert.Single(sync.User("raw-user").Policies).Document, StringComparison.Ordinal);
        Assert.Contains("\"AWS\":\"*\"", sync.Role("raw-role").TrustPolicy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mfa_devices_are_typed_virtual_u2f_and_hardware()
    {
        var (_, _, sync) = await fixture.ConnectAndSyncAsync(AccountOne);

        Assert.Equal("virtual", Assert.Single(sync.User("alice@example.com").MfaDevices).Type);
        Assert.Equal("u2f", Assert.Single(sync.User("carol").MfaDevices).Type);
        var hardware = Assert.Single(sync.User("dave").MfaDevices);
        Assert.Equal(("hardware", "GAHT12345678"), (hardware.Type, hardware.SerialNumber));
        Assert.Empty(sync.User("bob").MfaDevices);
        Assert.Equal(2, sync.User("bob").AccessKeys!.Count);
    }

    [Fact]
    public async Task Root_activity_keeps_real_root_use_and_drops_service_and_non_root_events()
    {
        var (_, _, sync) = await fixture.ConnectAndSyncAsync(AccountOne);

        var posture = sync.Account!.Posture;
        Assert.True(posture.CloudTrailAvailable);
        Assert.Equal(["ConsoleLogin", "RunInstances"], posture.RootActivity.Select(a => a.EventName).Order().ToArray());
        var login = Assert.Single(posture.RootActivity, a => a.EventName == "ConsoleLogin");
        Assert.Equal((false, "203.0.113.7", "us-east-1", "AwsConsoleSignIn"), (login.MfaUsed, login.SourceIpAddress, login.Region, login.EventType));
        Assert.All(posture.RootActivity, a => Assert.Null(a.InvokedBy));
        Assert.Equal("eu-west-1", Assert.Single(posture.RootActivity, a => a.EventName == "RunInstances").Region);
    }
}
