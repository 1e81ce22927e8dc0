using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;
using Thalian.Testing;

namespace Thalian.Resilience.Tests.Platform;

/// <summary>
/// A scenario's webhook subscriber on a loopback port of its own: verifies each delivery with the StandardWebhooks
/// package, records the events in arrival order and, like a well-behaved receiver, acknowledges a re-sent
/// <c>webhook-id</c> without recording it twice (it counts it). Can be stopped and started again on the same port.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, bool> seen = new();
    private readonly ConcurrentQueue<Received> accepted = new();
    private readonly int port = FreePorts.Tcp();
    private WebApplication? app;
    private int resent;
    private int rejected;

    public string Secret { get; } = "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    public string Url => $"http://127.0.0.1:{port}/hooks";
    /// <summary>Distinct events in the order they arrived.</summary>
    public IReadOnlyList<Received> Accepted => [.. accepted];
    /// <summary>Deliveries of an event id already accepted (at-least-once; receivers dedupe by webhook-id).</summary>
    public int Resent => resent;
    /// <summary>Deliveries whose signature did not verify.</summary>
    public int Rejected => rejected;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(Url.Replace("/hooks", "", StringComparison.Ordinal));
        app = builder.Build();
        app.MapPost("/hooks", HandleAsync);
        await app.StartAsync();
    }

    public async Task StopAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
            app = null;
        }
    }

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        try
        {
            new StandardWebhook(Secret).Verify(body, request.Headers);
        }
        catch (WebhookVerificationException)
        {
            Interlocked.Increment(ref rejected);
            return Results.BadRequest("signature or timestamp");
        }
        var id = request.Headers["webhook-id"].ToString();
        if (!seen.TryAdd(id, true))
        {
            Interlocked.Increment(ref resent);
            return Results.NoContent();
        }
        var json = JsonNode.Parse(body)!;
        accepted.Enqueue(new Received(Guid.Parse(id), Guid.Parse(json["data"]!["finding_info"]!["uid"]!.GetValue<string>()), json["type"]!.GetValue<string>()));
        return Results.NoContent();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    public sealed record Received(Guid EventId, Guid FindingId, string Type);
}
