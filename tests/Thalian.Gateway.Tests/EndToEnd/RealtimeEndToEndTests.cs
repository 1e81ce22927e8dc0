using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Thalian.Demo;
using Thalian.Gateway.Tenancy;
using Thalian.Testing;

namespace Thalian.Gateway.Tests.EndToEnd;

/// <summary>
/// Okta real time, end to end: the emulator registers and verifies an event hook that points at the gateway's real port,
/// an admin deactivates alice in Okta, Okta posts the event, and the IdP collector's re-read of alice (not the hook's content)
/// reaches findings as a stale IAM user — without any sync. Forged, unknown and replayed hooks change nothing; when the hook
/// stops reaching Thalian, the System Log feed brings exactly the missed change.
/// </summary>
public sealed class When_okta_pushes_a_deactivation(Xunit.Abstractions.ITestOutputHelper output) : IsolatedInfrastructure
{
    private const string AliceOkta = "00ualice0001";
    private static readonly string AliceArn = RealtimeVendor.Okta.SubjectArn;
    private const string ErinArn = "arn:aws:iam::111122223333:user/erin@kestrel-dynamics.example";

    [Fact]
    public async Task The_stale_iam_user_finding_opens_from_the_hook_and_forged_or_replayed_hooks_are_refused()
    {
        await using var world = await RealtimeWorld.StartAsync(this, RealtimeVendor.Okta);
        var (api, anonymous, emulator, okta, key) = (world.Api, world.Anonymous, world.Emulator, world.ConnectionId, world.ApiKey);
        Assert.DoesNotContain(await Finding.ListOpenAsync(api), f => f.RuleId == "stale-iam-user" && f.ResourceArn == AliceArn);

        using var enabled = await world.EnableRealtimeAsync();
        var view = await enabled.Content.ReadFromJsonAsync<JsonElement>();
        output.WriteLine(view.ToString());
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        Assert.Equal("active", view.GetProperty("status").GetString());
        Assert.Equal($"{world.GatewayUrl}hooks/{okta}", view.GetProperty("hookUrl").GetString());
        Assert.DoesNotContain("secret", view.ToString(), StringComparison.OrdinalIgnoreCase);

        var delivery = (await world.DeprovisionSubjectAsync()).GetProperty("deliveries")[0];
        Assert.Equal(200, delivery.GetProperty("status").GetInt32());

        var after = await Settling.WaitForFindingsAsync(api, TimeSpan.FromMinutes(2), f => f.Any(x => x.RuleId == "stale-iam-user" && x.ResourceArn == AliceArn));
        Assert.Contains(after, f => f.RuleId == "stale-iam-user" && f.ResourceArn == AliceArn);
        var received = await api.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/idp/{okta}/realtime");
        Assert.Equal(1, received.GetProperty("eventsReceived").GetInt32());

        // The same delivery again (a replay, or Okta's own retry): acknowledged, not acted on.
        var body = delivery.GetProperty("body").GetString()!;
        var secret = delivery.GetProperty("authorization").GetString()!;
        using var replayed = await PostHookAsync(anonymous, $"/hooks/{okta}", body, secret);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal(1, (await replayed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicates").GetInt32());
        // Forged: a wrong secret, no secret, an API key instead of the secret, a connection that has no hook.
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostHookAsync(anonymous, $"/hooks/{okta}", Forged(body), "not-the-secret")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostHookAsync(anonymous, $"/hooks/{okta}", Forged(body), null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostHookAsync(anonymous, $"/hooks/{okta}", Forged(body), $"Bearer {key}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostHookAsync(anonymous, $"/hooks/{Guid.NewGuid()}", body, secret)).StatusCode);
        using var challenge = new HttpRequestMessage(HttpMethod.Get, $"/hooks/{okta}");
        challenge.Headers.Add("X-Okta-Verification-Challenge", "forged-challenge");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(challenge)).StatusCode);
        using var tooBig = await PostHookAsync(anonymous, $"/hooks/{okta}", new string('x', 300 * 1024), secret);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        using var unreadable = await PostHookAsync(anonymous, $"/hooks/{okta}", "{\"data\": ", secret);
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);
        Assert.Equal(1, (await api.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/idp/{okta}/realtime")).GetProperty("eventsReceived").GetInt32());

        // The hook stops reaching Thalian (deactivated in Okta): erin's suspension is delivered nowhere, and the System Log
        // feed brings it. Alice's event is in the log too and is recognised: exactly the one missed event is new.
        using var stopHook = new HttpRequestMessage(HttpMethod.Post, $"/okta/api/v1/eventHooks/{view.GetProperty("vendorHookId").GetString()}/lifecycle/deactivate");
        stopHook.Headers.TryAddWithoutValidation("Authorization", "SSWS kestrel-okta-demo-token");
        Assert.Equal(HttpStatusCode.OK, (await emulator.SendAsync(stopHook)).StatusCode);
        Assert.Equal(0, (await world.ChangeUserAsync("/_emulator/okta/users/00uerin00001/lifecycle/suspend")).GetProperty("deliveries").GetArrayLength());
        var caughtUp = await Settling.WaitForFindingsAsync(api, TimeSpan.FromMinutes(2), f => f.Any(x => x.RuleId == "stale-iam-user" && x.ResourceArn == ErinArn));
        Assert.Contains(caughtUp, f => f.RuleId == "stale-iam-user" && f.ResourceArn == ErinArn);
        var openedAt = DateTimeOffset.UtcNow;
        var feed = await Eventually.Get(async () =>
        {
            var now = await api.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/idp/{okta}/realtime");
            return now.GetProperty("feedCheckedAt").ValueKind == JsonValueKind.String && now.GetProperty("feedCheckedAt").GetDateTimeOffset() > openedAt ? (JsonElement?)now : null;
        }, what: "a feed read after erin's finding");
        Assert.Equal(2, feed!.Value.GetProperty("eventsReceived").GetInt32());
        Assert.Equal(JsonValueKind.Null, feed.Value.GetProperty("feedError").ValueKind);

        // Turning it off removes the hook in Okta: the next change is delivered nowhere.
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/integrations/idp/{okta}/realtime")).StatusCode);
        Assert.Equal(0, (await world.ChangeUserAsync("/_emulator/okta/users/00uoscar0001/lifecycle/activate")).GetProperty("deliveries").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await PostHookAsync(anonymous, $"/hooks/{okta}", body, secret)).StatusCode);
    }

    /// <summary>A delivery naming another user with a new event id (what a forger would send).</summary>
    private static string Forged(string body) =>
        body.Replace(AliceOkta, "00uerin00001", StringComparison.Ordinal).Replace("\"uuid\":\"", "\"uuid\":\"forged-", StringComparison.Ordinal);

    private static async Task<HttpResponseMessage> PostHookAsync(HttpClient client, string path, string body, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        return await client.SendAsync(request);
    }
}
