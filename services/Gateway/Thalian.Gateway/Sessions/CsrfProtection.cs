using System.Security.Cryptography;
using System.Text;
using Thalian.Gateway.Authenticating;

namespace Thalian.Gateway.Sessions;

/// <summary>
/// A state-changing request authenticated by the session cookie must repeat the session's CSRF token in X-CSRF-Token.
/// The cookie is SameSite=Strict already; the token also stops same-site attackers (another app on a sibling host). Requests
/// with an API key or a bearer token carry no ambient credential and need no token.
/// </summary>
public sealed class CsrfProtection(RequestDelegate next)
{
    public const string Header = "X-CSRF-Token";

    public async Task InvokeAsync(HttpContext context)
    {
        if (RequiresToken(context) && !Matches(context.Request.Headers[Header].ToString(), context.User.FindFirst(SessionCookie.CsrfClaim)?.Value))
        {
            await ProblemResponses.Forbidden(context, $"Requests from the console must send the session's {Header} header.");
            return;
        }
        await next(context);
    }

    private static bool RequiresToken(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, AuthenticationType: SessionCookie.Scheme }
        && !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method));

    private static bool Matches(string presented, string? expected) =>
        expected is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));

    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
