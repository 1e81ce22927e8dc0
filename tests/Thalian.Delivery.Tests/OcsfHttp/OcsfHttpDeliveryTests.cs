using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Thalian.Delivery.Tests.Fixtures;
using Thalian.Testing;

namespace Thalian.Delivery.Tests.OcsfHttp;

public sealed class OcsfHttpDeliveryTests(DeliveryHost host) : IClassFixture<DeliveryHost>, IAsyncLifetime
{
    private const string Token = "collector-token-6b1f4c2e9d";
    private const string HmacKey = "an-hmac-key-of-at-least-thirty-two-characters";
    private readonly ConcurrentQueue<(string Auth, string? Signature, string ContentType, string Body)> batches = new();
    private WebApplication collector = null!;
    private string url = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        collector = builder.Build();
        collector.MapPost("/ingest", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            batches.Enqueue((request.Headers.Authorization.ToString(), request.Headers["X-Thalian-Signature"].FirstOrDefault(),
                request.ContentType ?? "", await reader.ReadToEndAsync()));
            return Results.Accepted();
        });
        await collector.StartAsync();
        url = collector.Urls.First() + "/ingest";
    }

    [Fact]
    public async Task A_findings_lifecycle_arrives_as_NDJSON_batches_of_valid_OCSF_with_the_bearer_token()
    {
        var tenant = DestinationRequests.NewTenant();
        await host.CreateDestinationAsync(tenant, new
        {
            type = "ocsf-http", displayName = "Security lake", settings = new { url }, secrets = new Dictionary<string, string> { ["token"] = Token },
        });
        var lifecycle = new Lifecycle(tenant);
        foreach (var message in lifecycle.Messages())
        {
            await Lifecycle.PublishAsync(host, message);
        }
        await Eventually.True(() => Task.FromResult(Events().Count >= 5), what: "five OCSF events");

        Assert.All(batches, b => Assert.Equal($"Bearer {Token}", b.Auth));
        Assert.All(batches, b => Assert.StartsWith("application/x-ndjson", b.ContentType, StringComparison.Ordinal));
        var events = Events();
        Assert.Equal(lifecycle.Messages().Select(m => m.EventId.ToString()), events.Select(e => e["metadata"]!["uid"]!.GetValue<string>()));
        Assert.Equal([200401, 200402, 200403, 200402, 200402], events.Select(e => e["type_uid"]!.GetValue<long>()));
        OcsfValidator.AssertValid(events);
    }

    [Fact]
    public async Task With_HMAC_each_batch_carries_a_signature_over_timestamp_and_body()
    {
        var tenant = DestinationRequests.NewTenant();
        await host.CreateDestinationAsync(tenant, new
        {
            type = "ocsf-http", displayName = "Signed collector", settings = new { url, auth = "hmac" },
            secrets = new Dictionary<string, string> { ["hmacSecret"] = HmacKey },
        });
        await Lifecycle.PublishAsync(host, new Lifecycle(tenant).Messages()[0]);
        await Eventually.True(() => Task.FromResult(batches.Any(b => b.Signature is not null)), what: "a signed batch");

        var batch = batches.Single(b => b.Signature is not null);
        Assert.Equal("", batch.Auth);
        var parts = batch.Signature!.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(HmacKey), Encoding.UTF8.GetBytes($"{parts["t"]}.{batch.Body}")));
        Assert.Equal(expected, parts["v1"]);
    }

    private List<JsonObject> Events() =>
        [.. batches.Where(b => b.Signature is null).SelectMany(b => b.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Select(l => JsonNode.Parse(l)!.AsObject())];

    public async Task DisposeAsync() => await collector.DisposeAsync();
}
