using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Thalian.Gateway.Tests;

public sealed class When_oidc_bearer_tokens_are_configured : GatewayHarness
{
    private const string Audience = "thalian-api";
    private FakeOidcIssuer issuer = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Thalian:Oidc:Authority"] = issuer.Issuer,
        ["Thalian:Oidc:Audience"] = Audience,
        ["Thalian:Oidc:TenantClaim"] = "org",
        ["Thalian:Oidc:RoleClaim"] = "groups",
        ["Thalian:Oidc:AdminRoleValue"] = "thalian-admins",
        ["Thalian:Oidc:RequireHttpsMetadata"] = "false",
    };

    public override async Task InitializeAsync()
    {
        issuer = await FakeOidcIssuer.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await issuer.DisposeAsync();
    }

    [Fact]
    public async Task An_admin_group_member_may_change_things_as_the_tenant_named_by_the_claim()
    {
        var (tenant, _) = await CreateTenantAsync("oidc");
        using var client = WithToken(issuer.Issue(Audience, [new("sub", "alice"), new("org", tenant), new("groups", "thalian-admins")]));

        using var response = await client.PostAsJsonAsync("/api/v1/findings/1/suppress", new { reason = "ok" });
        var echo = await Echo.ReadAsync(response);

        Assert.Equal((tenant, "admin", "oidc:alice"), (echo.Tenant, echo.Role, echo.Subject));
    }

    [Fact]
    public async Task Anyone_else_is_a_reader()
    {
        var (tenant, _) = await CreateTenantAsync("oidc");
        using var client = WithToken(issuer.Issue(Audience, [new("sub", "bob"), new("org", tenant), new("groups", "engineering")]));

        using var read = await client.GetAsync("/api/v1/findings");
        using var write = await client.PostAsJsonAsync("/api/v1/findings/1/suppress", new { reason = "no" });

        Assert.Equal("reader", (await Echo.ReadAsync(read)).Role);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
    }

    [Fact]
    public async Task Tokens_without_a_known_tenant_for_another_audience_or_from_another_key_are_rejected()
    {
        var (tenant, key) = await CreateTenantAsync("oidc");
        using var otherRsa = RSA.Create(2048);
        var tokens = new[]
        {
            issuer.Issue(Audience, [new Claim("sub", "carol"), new Claim("org", "no-such-tenant")]),
            issuer.Issue(Audience, [new Claim("sub", "carol")]),
            issuer.Issue("someone-else", [new Claim("sub", "carol"), new Claim("org", tenant)]),
            issuer.Issue(Audience, [new Claim("sub", "carol"), new Claim("org", tenant)], new RsaSecurityKey(otherRsa) { KeyId = "test-key" }),
        };

        foreach (var token in tokens)
        {
            using var client = WithToken(token);
            using var response = await client.GetAsync("/api/v1/findings");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        using var apiKeyStillWorks = await ClientWithKey(key).GetAsync("/api/v1/findings");
        Assert.Equal(HttpStatusCode.OK, apiKeyStillWorks.StatusCode);
    }

    private HttpClient WithToken(string token)
    {
        var client = Gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

public sealed class When_oidc_is_configured_without_an_audience
{
    [Fact]
    public void Start_up_fails_naming_the_missing_setting()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Thalian:Oidc:Authority"] = "https://idp.example.com" });
        var error = Assert.Throws<InvalidOperationException>(() => Thalian.Gateway.Authenticating.AuthenticationSetup.AddGatewayAuthentication(builder));
        Assert.Contains("Thalian:Oidc:Audience", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_an_audience_it_starts()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Thalian:Oidc:Authority"] = "https://idp.example.com", ["Thalian:Oidc:Audience"] = "thalian-api",
        });
        Thalian.Gateway.Authenticating.AuthenticationSetup.AddGatewayAuthentication(builder);
        Assert.Contains(builder.Services, d => d.ServiceType.Name.Contains("Authentication", StringComparison.Ordinal));
    }
}
