using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Thalian.IdpEmulator;

/// <summary>Checks the JWTs real vendors check: client assertions, DPoP proofs, Google's JWT bearer grant.</summary>
public static class Jwts
{
    public static SecurityKey KeyFromPem(string pem)
    {
        if (pem.Contains("CERTIFICATE", StringComparison.Ordinal))
        {
            return new X509SecurityKey(System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem));
        }
        try
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa);
        }
        catch (ArgumentException)
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ec);
        }
    }

    /// <summary>Unverified peek at a JWT's claim (to find which registered client/key to verify against).</summary>
    public static string? Peek(string jwt, string claim)
    {
        try
        {
            var token = new JsonWebToken(jwt);
            return token.TryGetPayloadValue<string>(claim, out var value) ? value : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    public static async Task<(JsonWebToken? Token, string? Error)> VerifyAsync(string jwt, SecurityKey key, string? audience, string? issuer, TimeSpan maxLifetime) =>
        await VerifyAsync(jwt, key, audience is null ? null : [audience], issuer, maxLifetime);

    public static async Task<(JsonWebToken? Token, string? Error)> VerifyAsync(string jwt, SecurityKey key, string[]? audiences, string? issuer, TimeSpan maxLifetime)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidAudiences = audiences,
            ValidateAudience = audiences is not null,
            ValidIssuer = issuer,
            ValidateIssuer = issuer is not null,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromMinutes(2),
        });
        if (!result.IsValid)
        {
            return (null, result.Exception?.Message ?? "invalid token");
        }
        var token = (JsonWebToken)result.SecurityToken;
        if (token.ValidTo - (token.IssuedAt == DateTime.MinValue ? DateTime.UtcNow : token.IssuedAt) > maxLifetime + TimeSpan.FromMinutes(1))
        {
            return (null, $"assertion lifetime exceeds {maxLifetime.TotalMinutes} minutes");
        }
        return (token, null);
    }

    /// <summary>Verifies an RFC 9449 proof; returns the JWK thumbprint (jkt) the token is bound to.</summary>
    public static async Task<(string? Jkt, string? Nonce, string? Error)> VerifyDpopAsync(string? proof, string method, string url, string? accessToken)
    {
        if (string.IsNullOrEmpty(proof))
        {
            return (null, null, "The DPoP proof JWT header is missing.");
        }
        JsonWebToken token;
        JsonWebKey jwk;
        try
        {
            token = new JsonWebToken(proof);
            using var header = JsonDocument.Parse(Base64UrlEncoder.Decode(token.EncodedHeader));
            if (!header.RootElement.TryGetProperty("typ", out var typ) || typ.GetString() != "dpop+jwt")
            {
                return (null, null, "The DPoP proof must have typ dpop+jwt.");
            }
            if (!header.RootElement.TryGetProperty("jwk", out var jwkElement))
            {
                return (null, null, "The DPoP proof has no jwk header.");
            }
            jwk = new JsonWebKey(jwkElement.GetRawText());
        }
        catch (Exception ex) when (ex is ArgumentException or JsonException or FormatException)
        {
            return (null, null, $"The DPoP proof is not a JWT: {ex.Message}");
        }
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(proof, new TokenValidationParameters
        {
            IssuerSigningKey = jwk, ValidateAudience = false, ValidateIssuer = false, ValidateLifetime = false,
            RequireExpirationTime = false, ValidTypes = ["dpop+jwt"],
        });
        if (!result.IsValid)
        {
            return (null, null, $"The DPoP proof signature is invalid: {result.Exception?.Message}");
        }
        string? Claim(string name) => token.TryGetPayloadValue<string>(name, out var v) ? v : null;
        if (Claim("htm") != method || Claim("htu") != url || Claim("jti") is null)
        {
            return (null, null, $"The DPoP proof's htm/htu/jti do not match {method} {url}.");
        }
        if (token.IssuedAt == DateTime.MinValue || Math.Abs((DateTime.UtcNow - token.IssuedAt).TotalMinutes) > 5)
        {
            return (null, null, "The DPoP proof's iat is missing or too far from now.");
        }
        if (accessToken is not null && Claim("ath") != Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken))))
        {
            return (null, null, "The DPoP proof's ath does not match the access token.");
        }
        return (Base64UrlEncoder.Encode(jwk.ComputeJwkThumbprint()), Claim("nonce"), null);
    }
}
