using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Thalian.ServiceDefaults.Auth;

/// <summary>The gateway's half: signs internal tokens with its ECDSA P-256 private key. Only the gateway is given the key file.</summary>
public sealed class GatewayTokenSigner(ECDsaSecurityKey privateKey)
{
    private readonly SigningCredentials credentials = new(privateKey, SecurityAlgorithms.EcdsaSha256);

    public static GatewayTokenSigner FromConfiguration(IConfiguration configuration)
    {
        var path = GatewayTokens.Required(configuration, GatewayTokens.SigningKeyFileKey, "the gateway's ECDSA P-256 private key (PEM)");
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(File.ReadAllText(path));
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{path} ({GatewayTokens.SigningKeyFileKey}) holds no ECDSA private key in PEM form.", e);
        }
        if (ecdsa.KeySize != 256)
        {
            throw new InvalidOperationException($"{path} ({GatewayTokens.SigningKeyFileKey}) must hold a P-256 key, not a {ecdsa.KeySize}-bit one.");
        }
        var key = GatewayTokens.Key(ecdsa);
        // A gateway whose key the services do not hold would have every forwarded request rejected: refuse to start instead.
        if (!string.IsNullOrWhiteSpace(configuration[GatewayTokens.PublicKeysFileKey])
            && GatewayTokens.FromConfiguration(configuration).PublicKeys.All(k => k.KeyId != key.KeyId))
        {
            throw new InvalidOperationException(
                $"The public half of {path} is not in {configuration[GatewayTokens.PublicKeysFileKey]} ({GatewayTokens.PublicKeysFileKey}): the services would reject every token.");
        }
        return new GatewayTokenSigner(key);
    }

    public string Issue(string tenantId, string role, string subject, bool sandbox, DateTimeOffset now)
    {
        List<Claim> claims = [new(GatewayTokens.TenantClaim, tenantId), new(GatewayTokens.RoleClaim, role), new("sub", subject),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N"))];
        if (sandbox)
        {
            claims.Add(new Claim(GatewayTokens.SandboxClaim, "true"));
        }
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = GatewayTokens.Issuer,
            Audience = GatewayTokens.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.Add(GatewayTokens.Lifetime).UtcDateTime,
            Subject = new ClaimsIdentity(claims),
            SigningCredentials = credentials,
        });
    }
}
