using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Thalian.Gateway.Tests.Sessions;

public sealed class When_the_console_signs_in_with_the_identity_provider : GatewayHarness
{
    private FakeOidcProvider provider = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Thalian:Oidc:Authority"] = provider.Issuer,
        ["Thalian:Oidc:ClientId"] = "thalian-console",
        ["Thalian:Oidc:Audience"] = "thalian-console",
        ["Thalian:Oidc:RequireHttpsMetadata"] = "false",
    };

    public override async Task InitializeAsync()
    {
        provider = await FakeOidcProvider.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await provider.DisposeAsync();
    }

    /// <summary>Browser steps: start at the gateway, follow the provider's redirect back, end on the gateway's redirect.</summary>
    private async Task<(HttpClient Browser, HttpResponseMessage Final)> SignInAsync()
    {
        var browser = Gateway.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        using var start = await browser.GetAsync("/api/v1/session/oidc");
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.StartsWith(provider.Issuer + "/authorize", start.Headers.Location!.ToString(), StringComparison.Ordinal);
        using var idp = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var authorized = await idp.GetAsync(start.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, authorized.StatusCode);
        var callback = authorized.Headers.Location!;
        return (browser, await browser.GetAsync(callback.PathAndQuery));
    }

    [Fact]
    public async Task The_code_flow_with_pkce_ends_in_a_session_with_the_tokens_tenant_and_role()
    {
        var (tenant, _) = await CreateTenantAsync("oidc");
        provider.SignsIn = [new Claim("sub", "ada"), new Claim("thalian_tenant", tenant), new Claim("thalian_role", "admin")];

        var (browser, final) = await SignInAsync();
        using (browser)
        using (final)
        {
            var session = await browser.GetFromJsonAsync<JsonElement>("/api/v1/session");
            var methods = await browser.GetFromJsonAsync<JsonElement>("/api/v1/session/methods");

            Assert.Equal(HttpStatusCode.Redirect, final.StatusCode);
            Assert.Equal("/", final.Headers.Location!.ToString());
            Assert.Equal(tenant, session.GetProperty("tenantId").GetString());
            Assert.Equal("admin", session.GetProperty("role").GetString());
            Assert.Equal("oidc:ada", session.GetProperty("subject").GetString());
            Assert.Equal("session", session.GetProperty("method").GetString());
            Assert.True(methods.GetProperty("oidc").GetBoolean());
            Assert.Equal(0, provider.TokenRequestsWithAWrongVerifier);
        }
    }

    [Fact]
    public async Task A_token_for_an_unknown_tenant_signs_nobody_in_and_says_why()
    {
        provider.SignsIn = [new Claim("sub", "eve"), new Claim("thalian_tenant", "no-such-tenant")];

        var (browser, final) = await SignInAsync();
        using (browser)
        using (final)
        {
            using var session = await browser.GetAsync("/api/v1/session");

            Assert.StartsWith("/signin?error=", final.Headers.Location!.ToString(), StringComparison.Ordinal);
            Assert.Contains("does%20not%20exist", final.Headers.Location!.ToString(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Unauthorized, session.StatusCode);
        }
    }
}
