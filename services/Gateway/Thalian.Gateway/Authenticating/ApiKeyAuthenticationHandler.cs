using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Thalian.Gateway.Tenancy;

namespace Thalian.Gateway.Authenticating;

/// <summary>Authenticates "Authorization: Bearer thk_..." or "X-Api-Key: thk_..." against the stored key hashes.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    TenantDirectory directory, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "api-key";
    public const string HeaderName = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey(Request);
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }
        if (!ApiKeySecrets.LooksLikeKey(presented))
        {
            return AuthenticateResult.Fail("The API key is malformed. Keys look like thk_ followed by 49 characters.");
        }
        if (!ApiKeySecrets.ChecksumHolds(presented))
        {
            return AuthenticateResult.Fail("The API key is not known (its checksum does not match; check for a copying mistake).");
        }
        var key = await directory.FindKeyAsync(presented, Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("The API key is not known.");
        }
        if (key.IsRevoked)
        {
            return AuthenticateResult.Fail("The API key was revoked.");
        }
        if (key.HasExpiredAt(clock.GetUtcNow()))
        {
            return AuthenticateResult.Fail("The API key has expired.");
        }
        var principal = CallerClaims.Create(SchemeName, key.TenantId, key.Role, $"key:{key.Id}", $"key:{key.Id}");
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = "Bearer";
        await ProblemResponses.Unauthorized(Context, result.Failure?.Message
            ?? "Send an API key as 'Authorization: Bearer thk_...' or 'X-Api-Key: thk_...'.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ProblemResponses.Forbidden(Context, ForbiddenDetail(Context));

    public static string ForbiddenDetail(HttpContext context) =>
        $"The '{CallerClaims.RoleOf(context.User)}' role may not {context.Request.Method} {context.Request.Path}; an admin key is needed.";

    public static string? PresentedKey(HttpRequest request)
    {
        var header = request.Headers[HeaderName].ToString();
        if (!string.IsNullOrWhiteSpace(header))
        {
            return header.Trim();
        }
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer " + ApiKeySecrets.Marker, StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : null;
    }
}
