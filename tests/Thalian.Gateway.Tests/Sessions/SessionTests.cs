using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Thalian.Gateway.Tests.Sessions;

public sealed class When_the_console_signs_in_with_a_key : GatewayHarness
{
    private HttpClient Browser(string scheme = "http") =>
        Gateway.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri($"{scheme}://localhost"), HandleCookies = true });

    private static async Task<JsonElement> SignInAsync(HttpClient browser, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/session");
        request.Headers.Authorization = new("Bearer", key);
        using var response = await browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static HttpRequestMessage Write(string path, string? csrf) =>
        new(HttpMethod.Post, path) { Content = JsonContent.Create(new { reason = "accepted" }), Headers = { { "X-CSRF-Token", csrf ?? "" } } };

    [Fact]
    public async Task The_cookie_carries_the_same_principal_as_the_key_and_the_key_is_not_needed_again()
    {
        var (tenant, admin) = await CreateTenantAsync("session");
        using var browser = Browser();

        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/api/v1/session") { Headers = { Authorization = new("Bearer", admin) } };
        using var signedIn = await browser.SendAsync(signIn);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("thalian_session=", StringComparison.Ordinal));
        using var proxied = await browser.GetAsync("/api/v1/findings");
        var echo = await Echo.ReadAsync(proxied);
        var session = await browser.GetFromJsonAsync<JsonElement>("/api/v1/session");

        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(admin, cookie, StringComparison.Ordinal);
        Assert.Equal((tenant, "admin"), (echo.Tenant, echo.Role));
        Assert.Equal("session", session.GetProperty("method").GetString());
        Assert.StartsWith("key:", session.GetProperty("subject").GetString(), StringComparison.Ordinal);
        Assert.Equal(64, session.GetProperty("csrfToken").GetString()!.Length);
    }

    [Fact]
    public async Task Behind_https_the_cookie_is_secure()
    {
        var (_, admin) = await CreateTenantAsync("secure");
        using var browser = Browser("https");
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/api/v1/session") { Headers = { Authorization = new("Bearer", admin) } };

        using var response = await browser.SendAsync(signIn);

        Assert.Contains("secure", response.Headers.GetValues("Set-Cookie").Single(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Writes_need_the_sessions_csrf_token()
    {
        var (tenant, admin) = await CreateTenantAsync("csrf");
        using var browser = Browser();
        var csrf = (await SignInAsync(browser, admin)).GetProperty("csrfToken").GetString();

        using var missing = await browser.SendAsync(Write("/api/v1/findings/1/suppress", null));
        using var wrong = await browser.SendAsync(Write("/api/v1/findings/1/suppress", new string('0', 64)));
        using var right = await browser.SendAsync(Write("/api/v1/findings/1/suppress", csrf));

        Assert.Equal(HttpStatusCode.Forbidden, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        var echo = await Echo.ReadAsync(right);
        Assert.Equal(("POST", tenant), (echo.Method, echo.Tenant));
    }

    [Fact]
    public async Task A_reader_session_may_read_but_not_write()
    {
        var (tenant, _) = await CreateTenantAsync("reader-session");
        using var browser = Browser();
        var csrf = (await SignInAsync(browser, await CreateKeyAsync(tenant, "reader"))).GetProperty("csrfToken").GetString();

        using var read = await browser.GetAsync("/api/v1/findings");
        using var write = await browser.SendAsync(Write("/api/v1/findings/1/suppress", csrf));

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
    }

    [Fact]
    public async Task Revoking_the_key_ends_its_sessions_and_signing_out_ends_one()
    {
        var (tenant, admin) = await CreateTenantAsync("revoked");
        var other = await CreateKeyAsync(tenant, "admin");
        using var revokedBrowser = Browser();
        await SignInAsync(revokedBrowser, other);
        using var signedOutBrowser = Browser();
        var csrf = (await SignInAsync(signedOutBrowser, admin)).GetProperty("csrfToken").GetString();
        var keys = await ClientWithKey(admin).GetFromJsonAsync<JsonElement>("/api/v1/keys");
        var otherId = keys.EnumerateArray().Single(k => other.StartsWith(k.GetProperty("prefix").GetString()!, StringComparison.Ordinal)).GetProperty("id").GetString();

        using var revoke = await ClientWithKey(admin).DeleteAsync($"/api/v1/keys/{otherId}");
        using var afterRevoke = await revokedBrowser.GetAsync("/api/v1/findings");
        using var signOut = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/session") { Headers = { { "X-CSRF-Token", csrf } } };
        using var signedOut = await signedOutBrowser.SendAsync(signOut);
        using var afterSignOut = await signedOutBrowser.GetAsync("/api/v1/findings");

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterSignOut.StatusCode);
    }

    [Fact]
    public async Task A_session_is_not_made_from_another_session_nor_from_a_bad_key()
    {
        var (_, admin) = await CreateTenantAsync("no-chain");
        using var browser = Browser();
        await SignInAsync(browser, admin);

        using var fromCookie = await browser.PostAsync("/api/v1/session", null);
        using var anonymous = Browser();
        using var badKey = new HttpRequestMessage(HttpMethod.Post, "/api/v1/session") { Headers = { Authorization = new("Bearer", "thk_" + new string('a', 43)) } };
        using var refused = await anonymous.SendAsync(badKey);
        var methods = await anonymous.GetFromJsonAsync<JsonElement>("/api/v1/session/methods");

        Assert.NotEqual(HttpStatusCode.OK, fromCookie.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.False(refused.Headers.Contains("Set-Cookie"));
        Assert.False(methods.GetProperty("oidc").GetBoolean());
    }
}
