using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Thalian.ServiceDefaults.Auth;

/// <summary>
/// Verifies the short-lived token the gateway signs (ECDSA P-256) for every request it forwards. Services hold only
/// the public keys, so no service can mint a token; tenant, role and the sandbox mark are trusted only from here.
/// </summary>
public sealed class GatewayTokens(IReadOnlyList<ECDsaSecurityKey> publicKeys)
{
    public const string Issuer = "thalian-gateway";
    public const string Audience = "thalian-services";
    public const string TenantClaim = "tenant";
    public const string RoleClaim = "role";
    /// <summary>Present ("true") only for tenants marked demo/test: only they may use emulator or custom endpoints.</summary>
    public const string SandboxClaim = "sandbox";
    public const string PublicKeysFileKey = "Thalian:Internal:TokenPublicKeysFile";
    public const string SigningKeyFileKey = "Thalian:Internal:TokenSigningKeyFile";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public IReadOnlyList<ECDsaSecurityKey> PublicKeys { get; } = publicKeys;

    public static GatewayTokens FromConfiguration(IConfiguration configuration)
    {
        var path = Required(configuration, PublicKeysFileKey, "a PEM file with the gateway's public key(s)");
        var keys = Pem.Blocks(File.ReadAllText(path), "PUBLIC KEY").Select(der =>
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(der, out _);
            return Key(ecdsa);
        }).ToList();
        if (keys.Count == 0)
        {
            throw new InvalidOperationException($"{path} ({PublicKeysFileKey}) holds no '-----BEGIN PUBLIC KEY-----' block.");
        }
        return new GatewayTokens(keys);
    }

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKeys = PublicKeys,
        ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ClockSkew = ClockSkew,
        LifetimeValidator = IsShortLivedAndCurrent,
        NameClaimType = "sub",
        RoleClaimType = RoleClaim,
    };

    /// <summary>A token must say when it starts and ends, live at most <see cref="Lifetime"/>, carry a jti, and be current.</summary>
    public static bool IsShortLivedAndCurrent(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        if (notBefore is not { } start || expires is not { } end || token is not JsonWebToken { Id.Length: > 0 })
        {
            return false;
        }
        var now = DateTime.UtcNow;
        return end - start <= Lifetime && start <= now + ClockSkew && end >= now - ClockSkew;
    }

    /// <summary>The key id is derived from the public key, so signer and verifiers agree without configuring one.</summary>
    public static ECDsaSecurityKey Key(ECDsa ecdsa) => new(ecdsa)
    {
        KeyId = Base64UrlEncoder.Encode(SHA256.HashData(ecdsa.ExportSubjectPublicKeyInfo()))[..16],
    };

    internal static string Required(IConfiguration configuration, string key, string what)
    {
        var path = configuration[key];
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new InvalidOperationException(
                $"{key} must name {what} (environment variable {key.Replace(":", "__", StringComparison.Ordinal)}); scripts/run.sh generates one into .run/, see deploy/internal-tokens.md.");
        }
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{key} names {path}, which does not exist.");
        }
        return path;
    }
}
