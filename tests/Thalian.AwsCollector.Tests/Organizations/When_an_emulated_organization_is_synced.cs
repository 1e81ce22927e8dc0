using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Thalian.AwsCollector.Tests.Fixtures;
using Thalian.ServiceDefaults.Locking;

namespace Thalian.AwsCollector.Tests.Organizations;

/// <summary>The AWS emulator as an organisation with centralised root access: management 300000000001, members ...02 (role) and ...03 (closing).</summary>
public class EmulatorOrganizationFixture : CollectorFixture
{
    public const string Management = "300000000001";
    public const string Member = "300000000002";
    public const string Closing = "300000000003";
    public const string ExternalId = "emulated-org-ext";
    public EmulatorServer Emulator { get; private set; } = null!;

    protected override async Task<Uri> StartAwsAsync()
    {
        object Role() => new
        {
            name = "ThalianAudit",
            trustPolicy = new
            {
                Version = "2012-10-17",
                Statement = new[]
                {
                    new { Effect = "Allow", Principal = new { AWS = $"arn:aws:iam::{Management}:user/thalian-org" }, Action = "sts:AssumeRole",
                        Condition = new { StringEquals = new Dictionary<string, string> { ["sts:ExternalId"] = ExternalId } } },
                },
            },
        };
        var scenario = new
        {
            organization = new { id = "o-emulated01", managementAccountId = Management, features = new[] { "RootCredentialsManagement", "RootSessions" } },
            accounts = new object[]
            {
                new
                {
                    accountId = Management, name = "management",
                    accessKeys = new[] { new { accessKeyId = "AKIAORGMANAGEMENT001", secretAccessKey = new string('m', 40), principal = "user/thalian-org" } },
                    root = new { passwordEnabled = true, mfa = "virtual" }, roles = new[] { Role() },
                },
                new
                {
                    accountId = Member, name = "workloads", root = new { passwordEnabled = false, mfa = "none" }, roles = new[] { Role() },
                    users = new[] { new { name = "erin@example.com" } },
                },
                new { accountId = Closing, name = "closing", organizationStatus = "PENDING_CLOSURE", roles = new[] { Role() } },
            },
        };
        Emulator = await EmulatorServer.StartAsync(JsonSerializer.Serialize(scenario));
        return Emulator.Endpoint;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}

public sealed class When_an_emulated_organization_is_synced(EmulatorOrganizationFixture fixture) : IClassFixture<EmulatorOrganizationFixture>
{
    private async Task<(string Tenant, Guid Id)> ConnectAsync()
    {
        var tenant = "tenant-" + Guid.NewGuid().ToString("N")[..8];
        using var client = fixture.Host.CreateClientFor(tenant);
        using var response = await client.PostAsJsonAsync("/api/v1/integrations/aws-organization",
            new { accessKeyId = "AKIAORGMANAGEMENT001", secretAccessKey = new string('m', 40), memberExternalId = EmulatorOrganizationFixture.ExternalId });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return (tenant, JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Centralised_root_access_reaches_member_postures_but_not_the_management_account()
    {
        var (tenant, _) = await ConnectAsync();

        var member = await fixture.Recorder.SyncOf(tenant, EmulatorOrganizationFixture.Member, skip: 1);
        var management = await fixture.Recorder.SyncOf(tenant, EmulatorOrganizationFixture.Management, skip: 1);

        Assert.True(member.Completed.Complete, member.Completed.Error);
        Assert.True(member.Account!.Posture.RootCredentialsManagedByOrganization);
        Assert.False(member.Account.Posture.RootCredentials!.PasswordEnabled);
        Assert.True(management.Completed.Complete, management.Completed.Error);
        Assert.Null(management.Account!.Posture.RootCredentialsManagedByOrganization);
    }

    [Fact]
    public async Task A_member_session_is_reused_across_syncs_until_it_nears_expiry()
    {
        var (tenant, _) = await ConnectAsync();
        var first = await fixture.Recorder.SyncOf(tenant, EmulatorOrganizationFixture.Member, skip: 1);
        Assert.True(first.Completed.Complete, first.Completed.Error);
        // The management account's own first sync assumes its role too; let it finish before counting.
        await fixture.Recorder.SyncOf(tenant, EmulatorOrganizationFixture.Management, skip: 1);
        var assumedBefore = AssumeRoleCalls();

        using var client = fixture.Host.CreateClientFor(tenant);
        using var again = await client.PostAsync($"/api/v1/integrations/aws/{first.Completed.ConnectionId}/sync", null);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var second = await fixture.Recorder.SyncOf(tenant, EmulatorOrganizationFixture.Member, skip: 2);

        Assert.True(second.Completed.Complete, second.Completed.Error);
        Assert.Equal(assumedBefore, AssumeRoleCalls());
    }

    [Fact]
    public async Task A_closing_member_is_not_synced_and_says_why()
    {
        var (tenant, id) = await ConnectAsync();

        var stopped = await fixture.Recorder.SyncOf(tenant, EmulatorOrganizationFixture.Closing);
        Assert.False(stopped.Completed.Complete);
        Assert.Contains("PENDING_CLOSURE", stopped.Completed.Error, StringComparison.Ordinal);
        using var client = fixture.Host.CreateClientFor(tenant);
        var view = await client.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/aws-organization/{id}");
        var closing = view.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("accountId").GetString() == EmulatorOrganizationFixture.Closing);
        Assert.Equal("pending-closure", closing.GetProperty("status").GetString());
        Assert.True(view.GetProperty("rootCredentialsManagement").GetBoolean());
        // Never tried: no AssumeRole into the closing account's role is needed to know it is closing.
        Assert.DoesNotContain(fixture.Emulator.State.Served, r => r.AccountId == EmulatorOrganizationFixture.Closing);
    }

    private int AssumeRoleCalls() => fixture.Emulator.State.Served.Count(r => r.Action == "AssumeRole");
}

public sealed class OneSyncPerTenantFixture : EmulatorOrganizationFixture
{
    protected override IDictionary<string, string?>? ExtraSettings => new Dictionary<string, string?> { [TenantSlots.PerTenantKey] = "1" };
}

public sealed class When_a_tenant_may_run_one_sync_at_a_time(OneSyncPerTenantFixture fixture) : IClassFixture<OneSyncPerTenantFixture>
{
    [Fact]
    public async Task Its_member_syncs_run_one_after_the_other()
    {
        var tenant = "tenant-" + Guid.NewGuid().ToString("N")[..8];
        using var client = fixture.Host.CreateClientFor(tenant);
        using var response = await client.PostAsJsonAsync("/api/v1/integrations/aws-organization",
            new { accessKeyId = "AKIAORGMANAGEMENT001", secretAccessKey = new string('m', 40), memberExternalId = EmulatorOrganizationFixture.ExternalId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var member = await fixture.Recorder.SyncOf(tenant, EmulatorOrganizationFixture.Member, skip: 1);
        var management = await fixture.Recorder.SyncOf(tenant, EmulatorOrganizationFixture.Management, skip: 1);

        Assert.True(member.Completed.Complete && management.Completed.Complete);
        var (first, second) = member.Completed.StartedAt < management.Completed.StartedAt ? (member, management) : (management, member);
        Assert.True(second.Completed.StartedAt >= first.Completed.CompletedAt,
            $"syncs overlapped: {first.Completed.StartedAt:O}–{first.Completed.CompletedAt:O} and {second.Completed.StartedAt:O}–{second.Completed.CompletedAt:O}");
    }
}
