using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Thalian.AwsCollector.Tests.Fixtures;
using Thalian.Testing;

namespace Thalian.AwsCollector.Tests.Organizations;

/// <summary>
/// An organisation on moto (Organizations and STS with signatures and permissions checked): the management account and
/// three members — with the member role, without it, suspended. See moto_org_seed.py for how moto is made to refuse a
/// missing cross-account role the way AWS does.
/// </summary>
public sealed class When_connecting_an_organization(MotoOrganizationFixture fixture) : IClassFixture<MotoOrganizationFixture>
{
    private static string NewTenant() => "tenant-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Every_account_is_discovered_and_each_member_is_synced_skipped_or_explained()
    {
        var tenant = NewTenant();
        var (withRole, withoutRole, suspended) = (fixture.Member("with-role"), fixture.Member("without-role"), fixture.Member("suspended"));

        using var response = await fixture.ConnectOrganizationAsync(tenant, fixture.ManagementKeys());
        var created = await Json(response);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(fixture.Seed.GetProperty("organizationId").GetString(), created.GetProperty("organizationId").GetString());
        Assert.Equal(fixture.ManagementAccount, created.GetProperty("managementAccountId").GetString());
        Assert.True(created.GetProperty("accountCount").GetInt32() >= 4);
        Assert.Equal(fixture.Seed.GetProperty("principalArn").GetString(), created.GetProperty("thalianPrincipalArn").GetString());

        // Every new active member is first announced downstream (incomplete, no observations), then synced.
        var announced = await fixture.Recorder.SyncOf(tenant, withRole);
        Assert.False(announced.Completed.Complete);
        Assert.StartsWith("Discovered in AWS organisation", announced.Completed.Error, StringComparison.Ordinal);
        Assert.Empty(announced.Batches);
        var member = await fixture.Recorder.SyncOf(tenant, withRole, skip: 1);
        Assert.True(member.Completed.Complete, member.Completed.Error);
        Assert.Contains(member.Users, u => u.UserName == "dave-in-member");
        Assert.Contains(member.Roles, r => r.RoleName == "sibling-reader");
        // The management account's own member role is checked by moto, ExternalId included.
        var management = await fixture.Recorder.SyncOf(tenant, fixture.ManagementAccount, skip: 1);
        Assert.True(management.Completed.Complete, management.Completed.Error);
        Assert.Contains(management.Users, u => u.UserName == "thalian-org");

        var missing = await fixture.Recorder.SyncOf(tenant, withoutRole, skip: 1);
        Assert.False(missing.Completed.Complete);
        Assert.StartsWith("Role missing or not trusting Thalian", missing.Completed.Error, StringComparison.Ordinal);
        Assert.Contains($"arn:aws:iam::{withoutRole}:role/ThalianAudit", missing.Completed.Error, StringComparison.Ordinal);
        Assert.Contains("deploy/aws/thalian-member-role.json", missing.Completed.Error, StringComparison.Ordinal);
        Assert.Contains(fixture.Seed.GetProperty("principalArn").GetString()!, missing.Completed.Error, StringComparison.Ordinal);
        Assert.Empty(missing.Batches);

        var stopped = await fixture.Recorder.SyncOf(tenant, suspended);
        Assert.False(stopped.Completed.Complete);
        Assert.Contains("SUSPENDED", stopped.Completed.Error, StringComparison.Ordinal);
        Assert.Contains("keeps its findings", stopped.Completed.Error, StringComparison.Ordinal);
        Assert.Empty(stopped.Batches);

        var organization = await Eventually.Get(async () =>
        {
            var view = await GetOrganizationAsync(tenant, created.GetProperty("id").GetGuid());
            return Status(view, withoutRole) == "role-missing" && Status(view, withRole) == "synced" ? view : (JsonElement?)null;
        }, what: "member statuses");
        var members = organization!.Value.GetProperty("members").EnumerateArray().ToDictionary(m => m.GetProperty("accountId").GetString()!);
        Assert.Equal("suspended", members[suspended].GetProperty("status").GetString());
        Assert.Equal("SUSPENDED", members[suspended].GetProperty("organizationStatus").GetString());
        Assert.Contains("ThalianPrincipalArn", members[withoutRole].GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal("synced", Status(organization.Value, fixture.ManagementAccount));
        // moto does not implement iam:ListOrganizationsFeatures: the organisation says so instead of guessing.
        Assert.Equal(JsonValueKind.Null, organization.Value.GetProperty("rootCredentialsManagement").ValueKind);
        Assert.Contains(organization.Value.GetProperty("degradations").EnumerateArray(), d => d.GetString()!.StartsWith("iam:ListOrganizationsFeatures unavailable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_role_trusting_a_sibling_member_is_not_cross_account_but_one_trusting_an_outsider_is()
    {
        var tenant = NewTenant();
        using var response = await fixture.ConnectOrganizationAsync(tenant, fixture.ManagementKeys());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var withRole = fixture.Member("with-role");

        using var findings = fixture.Findings.CreateClientFor(tenant);
        string[] crossAccount = [];
        await Eventually.True(async () =>
        {
            var page = await findings.GetFromJsonAsync<JsonElement>("/api/v1/findings?status=open&limit=500");
            crossAccount = [.. page.GetProperty("items").EnumerateArray()
                .Where(f => f.GetProperty("ruleId").GetString() == "cross-account-trust-without-condition")
                .Select(f => f.GetProperty("resourceArn").GetString()!)];
            return crossAccount.Length > 0;
        }, TimeSpan.FromSeconds(90), "the cross-account finding of the member");

        // The sibling (the member without the role) never synced, yet it is one of the tenant's accounts.
        Assert.Equal([$"arn:aws:iam::{withRole}:role/outsider-reader"], crossAccount);
    }

    [Fact]
    public async Task An_account_created_later_appears_on_the_next_discovery()
    {
        var tenant = NewTenant();
        using var response = await fixture.ConnectOrganizationAsync(tenant, fixture.ManagementKeys());
        var id = (await Json(response)).GetProperty("id").GetGuid();

        var later = await fixture.CreateAccountAsync("created-later-" + Guid.NewGuid().ToString("N")[..6]);
        Assert.DoesNotContain((await GetOrganizationAsync(tenant, id)).GetProperty("members").EnumerateArray(), m => m.GetProperty("accountId").GetString() == later);
        using var admin = fixture.Host.CreateClientFor(tenant);
        using var discover = await admin.PostAsync($"/api/v1/integrations/aws-organization/{id}/discover", null);
        Assert.Equal(HttpStatusCode.Accepted, discover.StatusCode);

        var sync = await fixture.Recorder.SyncOf(tenant, later, skip: 1);
        // Its role is not deployed yet (no StackSet in moto): listed, tried, and explained.
        Assert.False(sync.Completed.Complete);
        Assert.StartsWith("Role missing or not trusting Thalian", sync.Completed.Error, StringComparison.Ordinal);
        var view = await GetOrganizationAsync(tenant, id);
        Assert.Equal("ACTIVE", view.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("accountId").GetString() == later)
            .GetProperty("organizationStatus").GetString());
    }

    [Fact]
    public async Task The_management_credentials_never_leave_the_collector()
    {
        var tenant = NewTenant();
        var secret = fixture.Key("managementKey", 1);
        var keyId = fixture.Key("managementKey", 0);
        using var response = await fixture.ConnectOrganizationAsync(tenant, fixture.ManagementKeys());
        var id = (await Json(response)).GetProperty("id").GetGuid();
        var member = await fixture.Recorder.SyncOf(tenant, fixture.Member("with-role"), skip: 1);
        Assert.True(member.Completed.Complete, member.Completed.Error);

        using var client = fixture.Host.CreateClientFor(tenant);
        var memberId = member.Completed.ConnectionId;
        string[] answers =
        [
            await response.Content.ReadAsStringAsync(),
            await client.GetStringAsync("/api/v1/integrations/aws-organization"),
            await client.GetStringAsync($"/api/v1/integrations/aws-organization/{id}"),
            await client.GetStringAsync("/api/v1/integrations/aws"),
            await client.GetStringAsync($"/api/v1/integrations/aws/{memberId}"),
        ];
        var published = JsonSerializer.Serialize(new object[] { fixture.Recorder.Identities, fixture.Recorder.Accounts, fixture.Recorder.Completed });
        var logs = string.Join('\n', fixture.Host.LogLines);
        foreach (var text in answers.Append(logs))
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(keyId, text, StringComparison.Ordinal);
            Assert.DoesNotContain(fixture.Seed.GetProperty("externalId").GetString()!, text, StringComparison.Ordinal);
        }
        // The management account is synced too, so its IAM users' key ids are inventory there; the secret never is.
        Assert.DoesNotContain(secret, published, StringComparison.Ordinal);
        Assert.Contains(memberId.ToString(), answers[3], StringComparison.Ordinal);
        // A member has no credentials of its own to edit or remove.
        using var rotate = await client.PutAsJsonAsync($"/api/v1/integrations/aws/{memberId}/credentials", new { accessKeyId = keyId, secretAccessKey = secret });
        Assert.Equal(HttpStatusCode.Conflict, rotate.StatusCode);
        using var remove = await client.DeleteAsync($"/api/v1/integrations/aws/{memberId}");
        Assert.Equal(HttpStatusCode.Conflict, remove.StatusCode);
    }

    [Fact]
    public async Task Credentials_outside_the_management_account_are_refused_with_what_to_do()
    {
        using var response = await fixture.ConnectOrganizationAsync(NewTenant(), new
        {
            accessKeyId = fixture.Key("plainKey", 0), secretAccessKey = fixture.Key("plainKey", 1), memberExternalId = "thalian-org-ext-7",
        });
        var problem = await Json(response);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("management account or a delegated-administrator account", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_member_ExternalId_is_a_validation_error()
    {
        using var response = await fixture.ConnectOrganizationAsync(NewTenant(), new { accessKeyId = fixture.Key("managementKey", 0), secretAccessKey = fixture.Key("managementKey", 1) });
        var problem = await Json(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("memberExternalId", out _));
    }

    private async Task<JsonElement> GetOrganizationAsync(string tenant, Guid id)
    {
        using var client = fixture.Host.CreateClientFor(tenant);
        return await client.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/aws-organization/{id}");
    }

    private static string? Status(JsonElement organization, string accountId) =>
        organization.GetProperty("members").EnumerateArray().FirstOrDefault(m => m.GetProperty("accountId").GetString() == accountId) is { ValueKind: JsonValueKind.Object } m
            ? m.GetProperty("status").GetString()
            : null;

    private static async Task<JsonElement> Json(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
