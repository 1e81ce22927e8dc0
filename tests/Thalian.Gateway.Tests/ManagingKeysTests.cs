using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Thalian.Gateway.ManagingKeys;
using Thalian.Gateway.Tenancy;

namespace Thalian.Gateway.Tests;

public sealed class When_an_admin_manages_keys : GatewayHarness
{
    [Fact]
    public async Task A_created_key_is_shown_once_works_and_is_never_listed_or_stored_in_plain()
    {
        var (_, admin) = await CreateTenantAsync("keys");
        using var client = ClientWithKey(admin);

        using var created = await client.PostAsJsonAsync("/api/v1/keys", new { name = "ci pipeline", role = "reader" });
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var secret = body.GetProperty("key").GetString()!;
        var list = await client.GetStringAsync("/api/v1/keys");
        using var withNewKey = await ClientWithKey(secret).GetAsync("/api/v1/findings");
        var stored = await Directory.FindKeyAsync(secret, CancellationToken.None);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.StartsWith("thk_", secret, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, withNewKey.StatusCode);
        Assert.Contains("ci pipeline", list, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, list, StringComparison.Ordinal);
        Assert.DoesNotContain(admin, list, StringComparison.Ordinal);
        Assert.DoesNotContain(stored!.KeyHash, list, StringComparison.Ordinal);
        Assert.DoesNotContain("hash", list, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(secret, stored.KeyHash);
        Assert.DoesNotContain(secret, JsonSerializer.Serialize(stored), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_requests_get_a_validation_problem()
    {
        var (_, admin) = await CreateTenantAsync("invalid");
        using var client = ClientWithKey(admin);

        using var response = await client.PostAsJsonAsync("/api/v1/keys",
            new { name = "", role = "owner", expiresAt = DateTimeOffset.UtcNow.AddDays(-1) });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["expiresAt", "name", "role"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task A_tenant_holds_at_most_fifty_unrevoked_keys_and_is_told_so()
    {
        var (tenant, admin) = await CreateTenantAsync("many");
        for (var i = 1; i < KeyEndpoints.MaxKeysPerTenant; i++)
        {
            await CreateKeyAsync(tenant, "reader");
        }
        using var client = ClientWithKey(admin);

        using var refused = await client.PostAsJsonAsync("/api/v1/keys", new { name = "one too many", role = "reader" });
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        var list = await client.GetFromJsonAsync<JsonElement[]>("/api/v1/keys");
        using (await client.DeleteAsync($"/api/v1/keys/{list![^1].GetProperty("id").GetString()}")) { }
        using var afterRevoking = await client.PostAsJsonAsync("/api/v1/keys", new { name = "replacement", role = "reader" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("A tenant can hold at most 50 keys that are not revoked; revoke one before creating another.", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Created, afterRevoking.StatusCode);
    }

    [Fact]
    public async Task Broken_json_is_a_400_problem_not_a_crash()
    {
        var (_, admin) = await CreateTenantAsync("broken");
        using var client = ClientWithKey(admin);

        using var response = await client.PostAsync("/api/v1/keys", new StringContent("{\"name\": ", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_last_usable_admin_key_cannot_be_revoked()
    {
        var (tenant, admin) = await CreateTenantAsync("lockout");
        var adminId = (await Directory.FindKeyAsync(admin, CancellationToken.None))!.Id;
        using var client = ClientWithKey(admin);

        using var refused = await client.DeleteAsync($"/api/v1/keys/{adminId}");
        var second = await CreateKeyAsync(tenant, Roles.Admin);
        using var allowed = await client.DeleteAsync($"/api/v1/keys/{adminId}");
        using var withRevoked = await client.GetAsync("/api/v1/findings");
        using var withSecond = await ClientWithKey(second).GetAsync("/api/v1/keys");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withRevoked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withSecond.StatusCode);
        Assert.Contains("\"revoked\"", await withSecond.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
