using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Thalian.Gateway.Tests.Sessions;

/// <summary>
/// An OIDC provider on a local port that speaks the authorization-code flow: /authorize answers a code for the next
/// person (<see cref="SignsIn"/>), /token hands out the ID token only for the code's PKCE verifier (S256).
/// </summary>
public sealed class FakeOidcProvider : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly RsaSecurityKey key = new(RSA.Create(2048)) { KeyId = "code-flow-key" };
    private readonly ConcurrentDictionary<string, (string Challenge, string Nonce, string ClientId)> codes = new();

    /// <summary>The claims of whoever signs in next.</summary>
    public Claim[] SignsIn { get; set; } = [];

    public int TokenRequestsWithAWrongVerifier { get; private set; }

    public string Issuer => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    private FakeOidcProvider()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        app = builder.Build();
        var parameters = key.Rsa.ExportParameters(false);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer, ["authorization_endpoint"] = Issuer + "/authorize", ["token_endpoint"] = Issuer + "/token",
            ["jwks_uri"] = Issuer + "/jwks", ["response_types_supported"] = new[] { "code" }, ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" }, ["code_challenge_methods_supported"] = new[] { "S256" },
        }));
        app.MapGet("/jwks", () => Results.Json(new
        {
            keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = key.KeyId, n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) } },
        }));
        app.MapGet("/authorize", (HttpRequest r) =>
        {
            var q = r.Query;
            if (q["response_type"] != "code" || q["code_challenge_method"] != "S256" || string.IsNullOrEmpty(q["code_challenge"]))
            {
                return Results.BadRequest("authorization code with PKCE (S256) expected");
            }
            var code = Guid.NewGuid().ToString("N");
            codes[code] = (q["code_challenge"]!, q["nonce"]!, q["client_id"]!);
            return Results.Redirect(QueryHelpers.AddQueryString(q["redirect_uri"]!, new Dictionary<string, string?> { ["code"] = code, ["state"] = q["state"] }));
        });
        app.MapPost("/token", async (HttpRequest r) =>
        {
            var form = await r.ReadFormAsync();
            if (!codes.TryRemove(form["code"].ToString(), out var grant))
            {
                return Results.BadRequest(new { error = "invalid_grant" });
            }
            var verifier = form["code_verifier"].ToString();
            if (Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) != grant.Challenge)
            {
                TokenRequestsWithAWrongVerifier++;
                return Results.BadRequest(new { error = "invalid_grant", error_description = "PKCE verifier does not match" });
            }
            var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Issuer, Audience = grant.ClientId, Expires = DateTime.UtcNow.AddMinutes(5), IssuedAt = DateTime.UtcNow,
                Subject = new ClaimsIdentity(SignsIn.Append(new Claim("nonce", grant.Nonce))),
                SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
            });
            return Results.Json(new { id_token = idToken, access_token = "opaque", token_type = "Bearer", expires_in = 300 });
        });
    }

    public static async Task<FakeOidcProvider> StartAsync()
    {
        var provider = new FakeOidcProvider();
        await provider.app.StartAsync();
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        key.Rsa.Dispose();
    }
}
