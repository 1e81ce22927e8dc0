using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Thalian.IdpCollector.Authenticating;

namespace Thalian.IdpCollector.ReadingDirectories.Okta;

/// <summary>Adds Okta credentials to a request.</summary>
public interface IOktaAuthorizer
{
    Task AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken);
}

/// <summary>Okta API token: <c>Authorization: SSWS {token}</c>.</summary>
public sealed class SswsAuthorizer(string token) : IOktaAuthorizer
{
    public Task AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("SSWS", token);
        return Task.CompletedTask;
    }
}

/// <summary>
/// OAuth 2.0 service app at the org authorization server: client credentials with a private_key_jwt assertion,
/// DPoP-bound tokens (Okta's default for new service apps), the use_dpop_nonce challenge answered once.
/// </summary>
public sealed class PrivateKeyJwtAuthorizer(string orgUrl, string clientId, AsymmetricSecurityKey key, bool useDpop, HttpClient http, TimeProvider time)
    : IOktaAuthorizer, IDisposable
{
    private readonly DpopProofs dpop = new(time);
    private readonly SemaphoreSlim gate = new(1, 1);
    private (string Token, string Type, DateTimeOffset Expires)? current;
    private Uri TokenUrl => new($"{orgUrl}/oauth2/v1/token");

    public async Task AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var (token, type) = await TokenAsync(cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue(type, token);
        if (type.Equals("DPoP", StringComparison.OrdinalIgnoreCase))
        {
            request.Headers.Add("DPoP", dpop.Create(request.Method, request.RequestUri!, null, token));
        }
    }

    private async Task<(string Token, string Type)> TokenAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (current is { } c && c.Expires > time.GetUtcNow().AddMinutes(5))
            {
                return (c.Token, c.Type);
            }
            using var first = await RequestTokenAsync(null, cancellationToken);
            using var response = first.Headers.TryGetValues("DPoP-Nonce", out var nonces) && useDpop && await IsNonceChallengeAsync(first)
                ? await RequestTokenAsync(nonces.First(), cancellationToken)
                : null;
            var final = response ?? first;
            var body = await final.Content.ReadAsStringAsync(cancellationToken);
            if (!final.IsSuccessStatusCode)
            {
                throw new DirectoryException(DirectoryFailure.Credentials,
                    $"Okta refused the service app's token request ({(int)final.StatusCode}): {OAuthError(body)}. Check the client id, that the app's public key matches the private key, that okta.users.read is granted and an admin role is assigned{(useDpop ? "" : ", and whether the app requires DPoP")}.");
            }
            using var json = JsonFields.ParsePage(body, "Okta's token response");
            var token = json.RootElement.Str("access_token")
                ?? throw new DirectoryException(DirectoryFailure.Protocol, "Okta's token response had no access_token.");
            var seconds = json.RootElement.Number("expires_in") ?? 3600;
            current = (token, json.RootElement.Str("token_type") ?? "Bearer", time.GetUtcNow().AddSeconds(seconds));
            return (current.Value.Token, current.Value.Type);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<HttpResponseMessage> RequestTokenAsync(string? nonce, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, TokenUrl)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["scope"] = "okta.users.read",
                ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                ["client_assertion"] = Assertion(),
            }),
        };
        if (useDpop)
        {
            request.Headers.Add("DPoP", dpop.Create(HttpMethod.Post, TokenUrl, nonce, null));
        }
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new DirectoryException(DirectoryFailure.Unreachable, $"Could not reach Okta at {orgUrl}: {ex.Message}", ex);
        }
    }

    private string Assertion()
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = clientId,
            Audience = TokenUrl.ToString(),
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(50),
            Claims = new Dictionary<string, object> { ["sub"] = clientId, ["jti"] = Guid.NewGuid().ToString("N") },
            SigningCredentials = new SigningCredentials(key, KeyMaterial.AlgorithmFor(key)),
        });
    }

    private static async Task<bool> IsNonceChallengeAsync(HttpResponseMessage response) =>
        !response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains("use_dpop_nonce", StringComparison.Ordinal);

    private static string OAuthError(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return $"{json.RootElement.Str("error")} – {json.RootElement.Str("error_description")}";
        }
        catch (JsonException)
        {
            return body.Length > 200 ? body[..200] : body;
        }
    }

    public void Dispose()
    {
        dpop.Dispose();
        gate.Dispose();
    }
}
