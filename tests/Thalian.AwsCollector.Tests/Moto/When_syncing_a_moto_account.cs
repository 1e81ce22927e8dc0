using System.Text.Json;
using Thalian.AwsCollector.Tests.Fixtures;

namespace Thalian.AwsCollector.Tests.Moto;

/// <summary>Against moto with signature and permission checks on (see moto_seed.py).</summary>
public sealed class When_syncing_a_moto_account(MotoCollectorFixture fixture) : IClassFixture<MotoCollectorFixture>
{
    [Fact]
    public async Task A_full_sync_reads_users_groups_admin_policies_mfa_keys_and_roles()
    {
        var (tenant, id, sync) = await fixture.ConnectAndSyncAsync(fixture.Keys("full"));

        Assert.True(sync.Completed.Complete, sync.Completed.Error);
        // moto does not implement LookupEvents: that part is reported unavailable, everything else is read in full.
        Assert.StartsWith("cloudtrail:LookupEvents unavailable", Assert.Single(sync.Completed.Degradations), StringComparison.Ordinal);
        var alice = sync.User("alice");
        Assert.Contains(alice.Policies, p => p is { Source: "group:admins", Kind: "aws-managed", PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" });
        Assert.Equal("alice@example.com", alice.Tags["email"]);
        Assert.Contains(alice.MfaDevices, d => d.Type == "virtual" && d.SerialNumber.EndsWith(":mfa/alice-phone", StringComparison.Ordinal));
        Assert.True(alice.Credentials!.PasswordEnabled);
        Assert.True(alice.Credentials.AccessKey1.Active);
        Assert.Single(alice.AccessKeys!);
        var bob = sync.User("bob");
        Assert.True(bob.Credentials!.AccessKey1.Active && bob.Credentials.AccessKey2.Active);
        Assert.Equal(2, bob.AccessKeys!.Count);
        var inline = Assert.Single(bob.Policies, p => p.Kind == "inline");
        Assert.Contains("arn:aws:s3:::a+b/*", inline.Document, StringComparison.Ordinal);
        var managed = Assert.Single(bob.Policies, p => p.Kind == "customer-managed");
        Assert.Equal("ReadThings", managed.Name);
        Assert.Contains("ec2:Describe*", managed.Document, StringComparison.Ordinal);
        var vendor = sync.Role("vendor-audit");
        Assert.Null(vendor.TrustPolicyError);
        Assert.Contains("999999999999", vendor.TrustPolicy, StringComparison.Ordinal);
        Assert.Contains(vendor.Policies, p => p.PolicyArn == "arn:aws:iam::aws:policy/ReadOnlyAccess");
        Assert.Equal(sync.Users.Count, sync.Completed.UserCount);
        Assert.Equal(sync.Roles.Count, sync.Completed.RoleCount);
        Assert.NotNull(sync.Completed.CredentialReportGeneratedAt);
        Assert.False(sync.Account!.Posture.CloudTrailAvailable);
        var connection = await fixture.GetConnectionAsync(tenant, id);
        Assert.Equal("synced", connection.GetProperty("status").GetString());
        Assert.Equal(sync.Users.Count, connection.GetProperty("counts").GetProperty("users").GetInt32());
    }

    [Fact]
    public async Task A_user_with_exactly_the_minimal_policy_syncs_completely()
    {
        var (_, _, sync) = await fixture.ConnectAndSyncAsync(fixture.Keys("minimal"));

        Assert.True(sync.Completed.Complete, sync.Completed.Error);
        Assert.Contains(sync.Completed.Degradations, d => d.Contains("iam:ListAccessKeys denied", StringComparison.Ordinal));
        Assert.Null(sync.User("bob").AccessKeys);
        Assert.Contains(sync.Users, u => u.UserName == "auditor-minimal");
    }

    [Fact]
    public async Task A_user_without_GetAccountAuthorizationDetails_gets_an_incomplete_sync_naming_the_action()
    {
        var (tenant, id, sync) = await fixture.ConnectAndSyncAsync(fixture.Keys("nogaad"));

        Assert.False(sync.Completed.Complete);
        Assert.Contains("iam:GetAccountAuthorizationDetails", sync.Completed.Error, StringComparison.Ordinal);
        Assert.Empty(sync.Batches);
        var connection = await fixture.GetConnectionAsync(tenant, id);
        Assert.Equal("incomplete", connection.GetProperty("status").GetString());
        Assert.Contains("iam:GetAccountAuthorizationDetails", connection.GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssumeRole_with_an_ExternalId_reads_the_second_account()
    {
        var seed = fixture.Moto.Seed;
        var (_, _, sync) = await fixture.ConnectAndSyncAsync(new
        {
            accessKeyId = seed.Keys["assume"][0], secretAccessKey = seed.Keys["assume"][1], roleArn = seed.RoleArn, externalId = seed.ExternalId,
        });

        Assert.Equal(seed.Account2, sync.Completed.AccountId);
        Assert.True(sync.Completed.Complete, sync.Completed.Error);
        Assert.Contains(sync.Users, u => u.UserName == "carol-in-account-two");
        Assert.DoesNotContain(sync.Users, u => u.UserName == "alice");
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_because_moto_checks_signatures()
    {
        using var response = await fixture.Host.ConnectAsync("tenant-wrong", new { accessKeyId = fixture.Moto.Seed.Keys["minimal"][0], secretAccessKey = new string('x', 40) });
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(422, (int)response.StatusCode);
        Assert.Contains("secret", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }
}
