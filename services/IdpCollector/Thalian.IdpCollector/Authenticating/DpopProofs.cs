using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Thalian.IdpCollector.Authenticating;

/// <summary>RFC 9449 DPoP proofs signed with a per-client ephemeral P-256 key (its public JWK travels in the header).</summary>
public sealed class DpopProofs : IDisposable
{
    private readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly Dictionary<string, object> publicJwk;
    private readonly TimeProvider time;

    public DpopProofs(TimeProvider time)
    {
        this.time = time;
        var p = key.ExportParameters(false);
        publicJwk = new Dictionary<string, object>
        {
            ["kty"] = "EC", ["crv"] = "P-256", ["x"] = Base64UrlEncoder.Encode(p.Q.X!), ["y"] = Base64UrlEncoder.Encode(p.Q.Y!),
        };
    }

    /// <summary>A proof for one request; <paramref name="accessToken"/> binds it to the token (ath) on resource calls.</summary>
    public string Create(HttpMethod method, Uri url, string? nonce, string? accessToken)
    {
        var claims = new Dictionary<string, object>
        {
            ["htm"] = method.Method,
            ["htu"] = url.GetLeftPart(UriPartial.Path),
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        if (nonce is not null)
        {
            claims["nonce"] = nonce;
        }
        if (accessToken is not null)
        {
            claims["ath"] = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)));
        }
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = "dpop+jwt",
            IssuedAt = time.GetUtcNow().UtcDateTime,
            Claims = claims,
            AdditionalHeaderClaims = new Dictionary<string, object> { ["jwk"] = publicJwk },
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key), SecurityAlgorithms.EcdsaSha256),
        });
    }

    public void Dispose() => key.Dispose();
}
