using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Thalian.ServiceDefaults.Auth;
using Thalian.Testing;

namespace Thalian.Gateway.Tests;

/// <summary>What a service (here the FakeDownstream, protected by the same AddGatewayTrust) accepts as an internal token.</summary>
public sealed class Internal_tokens(GatewayHarness harness) : IClassFixture<GatewayHarness>
{
    private static readonly ECDsaSecurityKey GatewayKey = LoadPrivateKey(TestTokenKeys.SigningKeyPath);

    [Fact]
    public async Task A_token_minted_as_the_gateway_does_is_accepted()
    {
        Assert.Equal(HttpStatusCode.OK, await StatusWith(Mint(GatewayKey, SecurityAlgorithms.EcdsaSha256, TimeSpan.FromMinutes(2))));
    }

    [Fact]
    public async Task A_ten_minute_token_signed_with_the_real_key_is_rejected()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWith(Mint(GatewayKey, SecurityAlgorithms.EcdsaSha256, TimeSpan.FromMinutes(10))));
    }

    [Fact]
    public async Task A_token_without_jti_is_rejected()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWith(Mint(GatewayKey, SecurityAlgorithms.EcdsaSha256, TimeSpan.FromMinutes(1), jti: false)));
    }

    [Fact]
    public async Task Tokens_forged_from_what_a_service_is_configured_with_are_rejected()
    {
        // A service holds only the public key file: HMAC with its bytes (algorithm confusion) and with the old shared-key style.
        var publicPem = Encoding.UTF8.GetBytes(await File.ReadAllTextAsync(TestTokenKeys.PublicKeysPath));
        var withPublicKeyAsSecret = Mint(new SymmetricSecurityKey(publicPem), SecurityAlgorithms.HmacSha256, TimeSpan.FromMinutes(1));
        var withOldSharedKey = Mint(new SymmetricSecurityKey(Encoding.UTF8.GetBytes("test-signing-key-for-gateway-tokens-0123456789")),
            SecurityAlgorithms.HmacSha256, TimeSpan.FromMinutes(1));
        var withAnotherEcKey = Mint(LoadPrivateKey(TestTokenKeys.Write("forger").PrivateKeyPath), SecurityAlgorithms.EcdsaSha256, TimeSpan.FromMinutes(1));
        var unsigned = new JsonWebTokenHandler().CreateToken(Descriptor(TimeSpan.FromMinutes(1), jti: true));

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWith(withPublicKeyAsSecret));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWith(withOldSharedKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWith(withAnotherEcKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWith(unsigned));
    }

    [Fact]
    public async Task During_a_rotation_both_public_keys_are_accepted()
    {
        var (_, oldPublic) = TestTokenKeys.Write("rotation-old");
        var (newPrivate, newPublic) = TestTokenKeys.Write("rotation-new");
        var both = Path.Combine(Path.GetTempPath(), $"rotation-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(both, await File.ReadAllTextAsync(oldPublic) + await File.ReadAllTextAsync(newPublic));
        var tokens = GatewayTokens.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection([new(GatewayTokens.PublicKeysFileKey, both)]).Build());
        var token = TestTokenKeys.SignerFor(newPrivate).Issue("t", "admin", "s", sandbox: false, DateTimeOffset.UtcNow);

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, tokens.ValidationParameters());

        Assert.Equal(2, tokens.PublicKeys.Count);
        Assert.True(result.IsValid, result.Exception?.Message);
    }

    [Fact]
    public async Task The_sandbox_mark_travels_only_for_tenants_created_as_sandbox()
    {
        var real = await harness.Directory.CreateTenantAsync("real", CancellationToken.None);
        var demo = await harness.Directory.CreateTenantAsync("demo", CancellationToken.None, sandbox: true);
        var (_, realKey) = await harness.Directory.CreateKeyAsync(real.Id, "k", Tenancy.Roles.Admin, null, "test", CancellationToken.None);
        var (_, demoKey) = await harness.Directory.CreateKeyAsync(demo.Id, "k", Tenancy.Roles.Admin, null, "test", CancellationToken.None);

        using var realClient = harness.ClientWithKey(realKey);
        using var demoClient = harness.ClientWithKey(demoKey);
        var realEcho = await Echo.ReadAsync(await realClient.GetAsync("/api/v1/findings"));
        var demoEcho = await Echo.ReadAsync(await demoClient.GetAsync("/api/v1/findings"));

        Assert.False(realEcho.Sandbox);
        Assert.True(demoEcho.Sandbox);
    }

    private async Task<HttpStatusCode> StatusWith(string token)
    {
        using var direct = new HttpClient { BaseAddress = harness.Downstream.Address };
        direct.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await direct.GetAsync("/api/v1/findings");
        return response.StatusCode;
    }

    private static string Mint(SecurityKey key, string algorithm, TimeSpan lifetime, bool jti = true)
    {
        var descriptor = Descriptor(lifetime, jti);
        descriptor.SigningCredentials = new SigningCredentials(key, algorithm);
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    private static SecurityTokenDescriptor Descriptor(TimeSpan lifetime, bool jti)
    {
        List<Claim> claims = [new(GatewayTokens.TenantClaim, "victim"), new(GatewayTokens.RoleClaim, "admin"), new("sub", "attacker")];
        if (jti)
        {
            claims.Add(new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")));
        }
        var now = DateTime.UtcNow;
        return new SecurityTokenDescriptor
        {
            Issuer = GatewayTokens.Issuer, Audience = GatewayTokens.Audience, IssuedAt = now, NotBefore = now, Expires = now + lifetime,
            Subject = new ClaimsIdentity(claims),
        };
    }

    private static ECDsaSecurityKey LoadPrivateKey(string path)
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(File.ReadAllText(path));
        return GatewayTokens.Key(ecdsa);
    }
}
