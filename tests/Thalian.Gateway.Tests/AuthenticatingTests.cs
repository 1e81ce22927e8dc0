using System.Net;
using System.Net.Http.Headers;
using Thalian.Gateway.Tenancy;
using Thalian.ServiceDefaults.Auth;
using Thalian.Testing;

namespace Thalian.Gateway.Tests;

public sealed class When_a_caller_presents_no_valid_credentials : GatewayHarness
{
    [Theory]
    [InlineData("/api/v1/findings")]
    [InlineData("/api/v1/identities")]
    [InlineData("/api/v1/integrations")]
    [InlineData("/api/v1/integrations/aws")]
    [InlineData("/api/v1/keys")]
    [InlineData("/api/v1/rules")]
    public async Task Every_api_endpoint_answers_401_with_a_problem(string path)
    {
        using var client = ClientWithKey(null);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Health_needs_no_credentials()
    {
        using var client = ClientWithKey(null);

        using var response = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("thk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "not known")]
    [InlineData("thk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "checksum does not match")]
    [InlineData("thk_short", "malformed")]
    public async Task Unknown_or_malformed_keys_are_rejected(string key, string reason)
    {
        using var client = ClientWithKey(key);

        using var response = await client.GetAsync("/api/v1/findings");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_with_one_character_changed_fails_its_checksum_before_any_lookup()
    {
        var (_, admin) = await CreateTenantAsync("typo");
        var typo = admin[..20] + (admin[20] == 'A' ? 'B' : 'A') + admin[21..];
        using var client = ClientWithKey(typo);

        using var response = await client.GetAsync("/api/v1/findings");

        Assert.True(ApiKeySecrets.ChecksumHolds(admin));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("checksum does not match", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_key_is_rejected()
    {
        var (tenant, admin) = await CreateTenantAsync("revoking");
        var reader = await CreateKeyAsync(tenant, "reader");
        using var readerClient = ClientWithKey(reader);
        using var before = await readerClient.GetAsync("/api/v1/findings");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        var readerId = (await Directory.FindKeyAsync(reader, CancellationToken.None))!.Id;

        using var adminClient = ClientWithKey(admin);
        using var revoke = await adminClient.DeleteAsync($"/api/v1/keys/{readerId}");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        using var after = await readerClient.GetAsync("/api/v1/findings");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("revoked", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_key_is_rejected()
    {
        var (tenant, _) = await CreateTenantAsync("expiring");
        var expired = await CreateKeyAsync(tenant, "reader", DateTimeOffset.UtcNow.AddMinutes(-1));
        var current = await CreateKeyAsync(tenant, "reader", DateTimeOffset.UtcNow.AddDays(1));
        using var expiredClient = ClientWithKey(expired);
        using var currentClient = ClientWithKey(current);

        using var rejected = await expiredClient.GetAsync("/api/v1/findings");
        using var accepted = await currentClient.GetAsync("/api/v1/findings");

        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.Contains("expired", await rejected.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task The_key_is_also_accepted_in_the_X_Api_Key_header()
    {
        var (_, admin) = await CreateTenantAsync("header");
        using var client = ClientWithKey(null);
        client.DefaultRequestHeaders.Add("X-Api-Key", admin);

        using var response = await client.GetAsync("/api/v1/findings");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_gateway_token_presented_from_outside_is_not_accepted()
    {
        using var client = ClientWithKey(null);
        var forged = TestTokenKeys.Issue("some-tenant");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", forged);

        using var response = await client.GetAsync("/api/v1/findings");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
