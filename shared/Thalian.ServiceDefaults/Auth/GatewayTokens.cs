using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Thalian.ServiceDefaults.Auth;

/// <summary>
/// The short-lived token the gateway signs for every request it forwards. Services trust tenant and role
/// only from this token, so a caller talking to a service directly cannot forge them.
/// </summary>
public sealed class GatewayTokens(string signingKey)
{
    public const string Issuer = "thalian-gateway";
    public const string Audience = "thalian-services";
    public const string TenantClaim = "tenant";
    public const string RoleClaim = "role";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    public SymmetricSecurityKey Key { get; } = CreateKey(signingKey);

    public string Issue(string tenantId, string role, string subject, DateTimeOffset now) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime.AddSeconds(-5),
            Expires = now.Add(Lifetime).UtcDateTime,
            Subject = new ClaimsIdentity([new(TenantClaim, tenantId), new(RoleClaim, role), new("sub", subject)]),
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        });

    private static SymmetricSecurityKey CreateKey(string signingKey)
    {
        if (string.IsNullOrWhiteSpace(signingKey) || signingKey.Length < 32)
        {
            throw new InvalidOperationException("Thalian:Internal:SigningKey must be set to at least 32 characters (environment variable Thalian__Internal__SigningKey).");
        }
        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey));
    }
}
