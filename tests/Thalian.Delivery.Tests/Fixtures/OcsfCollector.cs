using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Thalian.Delivery.Tests.Fixtures;

/// <summary>An OCSF-over-HTTPS collector on a loopback port: records every NDJSON batch it is sent, answering 202 (or <see cref="Status"/>).</summary>
public sealed class OcsfCollector : IAsyncDisposable
{
    private readonly ConcurrentQueue<Batch> batches = new();
    private WebApplication? app;

    /// <summary>The answer to every request; a non-2xx batch is not recorded as received.</summary>
    public HttpStatusCode Status { get; set; } = HttpStatusCode.Accepted;
    public string Url { get; private set; } = "";
    public IReadOnlyList<Batch> Batches => [.. batches];
    public int Refused { get; private set; }

    /// <summary>The OCSF events of the accepted batches, in arrival order.</summary>
    public List<JsonObject> Events() =>
        [.. Batches.SelectMany(b => b.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Select(l => JsonNode.Parse(l)!.AsObject())];

    /// <summary>The OCSF events of one finding, in arrival order.</summary>
    public List<JsonObject> EventsOf(Guid findingId) =>
        [.. Events().Where(e => e["finding_info"]!["uid"]!.GetValue<string>() == findingId.ToString())];

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();
        app.MapPost("/ingest", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            if (Status != HttpStatusCode.Accepted)
            {
                Refused++;
                return Results.StatusCode((int)Status);
            }
            batches.Enqueue(new Batch(request.Headers.Authorization.ToString(), request.Headers["X-Thalian-Signature"].FirstOrDefault(), request.ContentType ?? "", body));
            return Results.Accepted();
        });
        await app.StartAsync();
        Url = app.Urls.First() + "/ingest";
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    public sealed record Batch(string Auth, string? Signature, string ContentType, string Body);
}
