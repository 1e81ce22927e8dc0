using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Thalian.Demo;
using Thalian.Testing;

namespace Thalian.Gateway.Tests.EndToEnd;

/// <summary>
/// Entra real time, end to end: enabling it makes the emulator create a Graph subscription, which Graph validates by calling
/// the gateway's hook; an admin disables ivan, Graph notifies, and the IdP collector's re-read of ivan reaches findings as a
/// stale IAM user. Notifications without the subscription's clientState, and replays, change nothing; a change Graph could
/// not deliver arrives through users/delta; the subscription is renewed before it expires and removed when real time is off.
/// </summary>
public sealed class When_entra_notifies_a_disabled_user(Xunit.Abstractions.ITestOutputHelper output) : IsolatedInfrastructure
{
    [Fact]
    public async Task The_finding_opens_from_the_notification_and_unverified_or_replayed_ones_are_refused()
    {
        await using var world = await RealtimeWorld.StartAsync(this, RealtimeVendor.Entra);
        var (api, anonymous, entra, hook) = (world.Api, world.Anonymous, world.Vendor, $"/hooks/{world.ConnectionId}");
        Assert.DoesNotContain(await Finding.ListOpenAsync(api), entra.IsSubject);

        using var enabled = await world.EnableRealtimeAsync();
        var view = await enabled.Content.ReadFromJsonAsync<JsonElement>();
        output.WriteLine(view.ToString());
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        Assert.Equal("active", view.GetProperty("status").GetString());
        Assert.True(view.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddDays(20));
        var subscription = Assert.Single(await SubscriptionsAsync(world));
        Assert.Equal($"{world.GatewayUrl}hooks/{world.ConnectionId}", subscription.GetProperty("notificationUrl").GetString());
        Assert.Equal(subscription.GetProperty("id").GetString(), view.GetProperty("vendorHookId").GetString());
        var clientState = subscription.GetProperty("clientState").GetString()!;
        Assert.DoesNotContain(clientState, view.ToString(), StringComparison.Ordinal);

        var delivery = (await world.DeprovisionSubjectAsync()).GetProperty("deliveries")[0];
        Assert.Equal(200, delivery.GetProperty("status").GetInt32());
        await Settling.WaitForFindingsAsync(api, TimeSpan.FromMinutes(2), f => f.Any(entra.IsSubject));
        Assert.Equal(1, (await api.GetFromJsonAsync<JsonElement>(world.RealtimePath)).GetProperty("eventsReceived").GetInt32());

        // A replay is acknowledged and not acted on; without the clientState (or with another) nothing is accepted at all.
        var body = delivery.GetProperty("body").GetString()!;
        using var replayed = await PostAsync(anonymous, hook, body);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal(1, (await replayed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicates").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(anonymous, hook, Forged(body, "guessed-client-state"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(anonymous, hook, Forged(body, null))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(anonymous, $"/hooks/{Guid.NewGuid()}", body)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(anonymous, hook, "{\"value\": ")).StatusCode);
        // Graph's validation is answered with the token as plain text, and nothing else is done with it.
        using var validation = await anonymous.PostAsync($"{hook}?validationToken={Uri.EscapeDataString("Validation: <b>token</b> 42")}", null);
        Assert.Equal("text/plain", validation.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Validation: <b>token</b> 42", await validation.Content.ReadAsStringAsync());
        // A lifecycle notification carrying the clientState is accepted and names nobody.
        using var lifecycle = await world.Emulator.PostAsync($"/_emulator/entra/subscriptions/{subscription.GetProperty("id").GetString()}/lifecycle/missed", null);
        Assert.Equal(200, (await lifecycle.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deliveries")[0].GetProperty("status").GetInt32());
        Assert.Equal(1, (await api.GetFromJsonAsync<JsonElement>(world.RealtimePath)).GetProperty("eventsReceived").GetInt32());

        // Ivan is enabled again while Graph cannot reach Thalian: users/delta brings the change and the finding resolves.
        var undelivered = await world.ChangeUserAsync($"/_emulator/entra/users/{entra.SubjectId}/enable?deliver=false");
        Assert.Equal(0, undelivered.GetProperty("deliveries").GetArrayLength());
        await Eventually.True(async () => !(await Finding.ListOpenAsync(api)).Any(entra.IsSubject), TimeSpan.FromMinutes(2), "ivan's finding resolved from the delta feed");
        Assert.Equal(2, (await api.GetFromJsonAsync<JsonElement>(world.RealtimePath)).GetProperty("eventsReceived").GetInt32());

        // The renewer (every 3 s here, for anything expiring within 30 days) has extended the subscription in Graph.
        var renewed = await Eventually.Get(async () => Assert.Single(await SubscriptionsAsync(world)) is var s && s.GetProperty("renewals").GetInt32() > 0 ? (JsonElement?)s : null,
            TimeSpan.FromMinutes(1), "a renewal");
        Assert.True(renewed!.Value.GetProperty("expirationDateTime").GetDateTimeOffset() >= subscription.GetProperty("expirationDateTime").GetDateTimeOffset());

        // Turning it off deletes the subscription in Graph; the hook address is gone.
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync(world.RealtimePath)).StatusCode);
        Assert.Empty(await SubscriptionsAsync(world));
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(anonymous, hook, body)).StatusCode);
    }

    /// <summary>The delivery as a forger would send it: a new notification id and a clientState of their own.</summary>
    private static string Forged(string body, string? clientState)
    {
        var forged = System.Text.Json.Nodes.JsonNode.Parse(body)!;
        var item = forged["value"]![0]!;
        (item["id"], item["clientState"]) = (Guid.NewGuid().ToString(), clientState);
        return forged.ToJsonString();
    }

    private static async Task<JsonElement[]> SubscriptionsAsync(RealtimeWorld world) =>
        await world.Emulator.GetFromJsonAsync<JsonElement[]>("/_emulator/entra/subscriptions") ?? [];

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string body) =>
        client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
}
