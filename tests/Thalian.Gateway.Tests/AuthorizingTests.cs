using System.Net;
using System.Net.Http.Json;

namespace Thalian.Gateway.Tests;

public sealed class When_a_reader_key_is_used : GatewayHarness
{
    [Theory]
    [InlineData("/api/v1/findings")]
    [InlineData("/api/v1/identities/abc")]
    [InlineData("/api/v1/integrations")]
    [InlineData("/api/v1/rules")]
    public async Task It_may_read(string path)
    {
        var (tenant, _) = await CreateTenantAsync("reading");
        using var client = ClientWithKey(await CreateKeyAsync(tenant, "reader"));

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("POST", "/api/v1/integrations/aws")]
    [InlineData("POST", "/api/v1/integrations/okta")]
    [InlineData("PUT", "/api/v1/integrations/aws/1/credentials")]
    [InlineData("DELETE", "/api/v1/integrations/aws/1")]
    [InlineData("POST", "/api/v1/integrations/aws-organization")]
    [InlineData("POST", "/api/v1/findings/1/suppress")]
    [InlineData("PUT", "/api/v1/settings/thresholds")]
    [InlineData("POST", "/api/v1/keys")]
    [InlineData("GET", "/api/v1/keys")]
    public async Task It_may_not_change_anything_nor_manage_keys(string method, string path)
    {
        var (tenant, _) = await CreateTenantAsync("forbidden");
        using var client = ClientWithKey(await CreateKeyAsync(tenant, "reader"));
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { name = "x" }) };

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_admin_key_may_change_things_and_the_service_sees_the_admin_role()
    {
        var (tenant, admin) = await CreateTenantAsync("admin");
        using var client = ClientWithKey(admin);

        using var response = await client.PostAsJsonAsync("/api/v1/findings/1/suppress", new { reason = "accepted risk" });
        var echo = await Echo.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("POST", tenant, "admin"), (echo.Method, echo.Tenant, echo.Role));
        Assert.Contains("accepted risk", echo.Body, StringComparison.Ordinal);
    }
}
