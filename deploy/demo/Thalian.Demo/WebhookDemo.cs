using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace Thalian.Demo;

/// <summary>
/// A webhook subscriber on a loopback port that verifies each delivery with the StandardWebhooks package, and a
/// webhook destination pointing at it created through the public API: a new destination starts with the open
/// findings, so the receiver should verify one event per open finding. The destination is removed again at the end
/// (the receiver stops with the demo).
/// </summary>
public static class WebhookDemo
{
    public static async Task RunAsync(HttpClient api, int openFindings, TimeSpan timeout)
    {
        var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var received = 0;
        var verified = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapPost("/hooks", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            Interlocked.Increment(ref received);
            try
            {
                new StandardWebhook(secret).Verify(body, request.Headers);
                Interlocked.Increment(ref verified);
                return Results.NoContent();
            }
            catch (WebhookVerificationException)
            {
                return Results.BadRequest();
            }
        });
        await app.StartAsync();
        var url = app.Urls.First() + "/hooks";
        using var created = await api.PostAsJsonAsync("/api/v1/destinations", new
        {
            type = "webhook",
            displayName = "Demo webhook receiver",
            settings = new { url },
            secrets = new Dictionary<string, string> { ["signingSecret"] = secret },
        });
        if (!created.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Creating the demo webhook destination failed: HTTP {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        }
        var id = (await created.Content.ReadFromJsonAsync<Dictionary<string, object>>())!["id"].ToString();
        var deadline = DateTime.UtcNow + timeout;
        while (verified < openFindings && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        Console.WriteLine($"[demo] webhook receiver {url}: {received} finding events received, {verified} verified with StandardWebhooks ({openFindings} open findings)");
        using var _ = await api.DeleteAsync($"/api/v1/destinations/{id}");
        await app.StopAsync();
    }
}
