using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Thalian.Gateway.Tests;

public sealed class When_two_tenants_use_the_gateway : GatewayHarness
{
    [Theory]
    [InlineData("/api/v1/integrations/aws/abc")]
    [InlineData("/api/v1/integrations/aws-organization/abc")]
    [InlineData("/api/v1/integrations/okta/abc")]
    [InlineData("/api/v1/identities")]
    [InlineData("/api/v1/identities/abc/timeline")]
    [InlineData("/api/v1/findings")]
    [InlineData("/api/v1/findings/summary")]
    [InlineData("/api/v1/rules")]
    [InlineData("/api/v1/settings")]
    [InlineData("/api/v1/integrations/idp/abc")]
    public async Task Each_key_reaches_the_services_as_its_own_tenant_only(string path)
    {
        var (tenantA, keyA) = await CreateTenantAsync("tenant a");
        var (tenantB, keyB) = await CreateTenantAsync("tenant b");
        using var a = ClientWithKey(keyA);
        using var b = ClientWithKey(keyB);

        var seenByA = await Echo.ReadAsync(await a.GetAsync(path));
        var seenByB = await Echo.ReadAsync(await b.GetAsync(path));

        Assert.Equal((tenantA, path), (seenByA.Tenant, seenByA.Path));
        Assert.Equal((tenantB, path), (seenByB.Tenant, seenByB.Path));
    }

    [Fact]
    public async Task The_caller_credentials_never_reach_a_service_only_the_gateway_token_does()
    {
        var (_, keyA) = await CreateTenantAsync("tenant a");
        var (tenantB, keyB) = await CreateTenantAsync("tenant b");
        using var client = ClientWithKey(keyA);
        client.DefaultRequestHeaders.Add("X-Api-Key", keyB);

        var echo = await Echo.ReadAsync(await client.GetAsync("/api/v1/findings"));

        // X-Api-Key wins over a bearer key when both are sent: one tenant, and no caller header is forwarded.
        Assert.Equal(tenantB, echo.Tenant);
        Assert.Equal(1, echo.AuthorizationHeaders);
        Assert.False(echo.ApiKeyHeaderPresent);
        Assert.DoesNotContain(keyA, JsonSerializer.Serialize(echo), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_merged_integrations_list_holds_only_the_callers_integrations()
    {
        var (tenantA, keyA) = await CreateTenantAsync("tenant a");
        var (tenantB, keyB) = await CreateTenantAsync("tenant b");
        using var a = ClientWithKey(keyA);
        using var b = ClientWithKey(keyB);

        var listA = await a.GetFromJsonAsync<JsonElement[]>("/api/v1/integrations");
        var listB = await b.GetFromJsonAsync<JsonElement[]>("/api/v1/integrations");

        Assert.Equal([$"aws-of-{tenantA}", $"okta-of-{tenantA}"], listA!.Select(i => i.GetProperty("id").GetString()));
        Assert.Equal([$"aws-of-{tenantB}", $"okta-of-{tenantB}"], listB!.Select(i => i.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task An_admin_sees_and_revokes_only_keys_of_its_own_tenant()
    {
        var (_, keyA) = await CreateTenantAsync("tenant a");
        var (tenantB, keyB) = await CreateTenantAsync("tenant b");
        await CreateKeyAsync(tenantB, "reader");
        var keyBId = (await Directory.FindKeyAsync(keyB, CancellationToken.None))!.Id;
        using var a = ClientWithKey(keyA);

        var keysSeenByA = await a.GetFromJsonAsync<JsonElement[]>("/api/v1/keys");
        using var revoke = await a.DeleteAsync($"/api/v1/keys/{keyBId}");
        using var stillWorks = await ClientWithKey(keyB).GetAsync("/api/v1/findings");

        Assert.Single(keysSeenByA!);
        Assert.Equal(HttpStatusCode.NotFound, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillWorks.StatusCode);
    }

    [Fact]
    public async Task A_request_straight_to_a_service_without_the_gateway_token_is_rejected()
    {
        var (_, key) = await CreateTenantAsync("direct");
        using var direct = new HttpClient { BaseAddress = Downstream.Address };
        using var withoutToken = await direct.GetAsync("/api/v1/findings");
        direct.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var withApiKey = await direct.GetAsync("/api/v1/findings");
        var selfSigned = Thalian.Testing.TestTokenKeys.SignerFor(Thalian.Testing.TestTokenKeys.Write("another-key").PrivateKeyPath)
            .Issue("victim", "admin", "attacker", sandbox: false, DateTimeOffset.UtcNow);
        direct.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", selfSigned);
        using var withForgedToken = await direct.GetAsync("/api/v1/findings");

        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withApiKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withForgedToken.StatusCode);
    }
}
