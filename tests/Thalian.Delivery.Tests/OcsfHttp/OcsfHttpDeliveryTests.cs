using System.Security.Cryptography;
using System.Text;
using Thalian.Delivery.Tests.Fixtures;
using Thalian.Testing;

namespace Thalian.Delivery.Tests.OcsfHttp;

public sealed class OcsfHttpDeliveryTests(DeliveryHost host) : IClassFixture<DeliveryHost>, IAsyncLifetime
{
    private const string Token = "collector-token-6b1f4c2e9d";
    private const string HmacKey = "an-hmac-key-of-at-least-thirty-two-characters";
    private readonly OcsfCollector collector = new();

    public Task InitializeAsync() => collector.StartAsync();

    [Fact]
    public async Task A_findings_lifecycle_arrives_as_NDJSON_batches_of_valid_OCSF_with_the_bearer_token()
    {
        var tenant = DestinationRequests.NewTenant();
        await host.CreateDestinationAsync(tenant, DestinationRequests.Ocsf(collector, Token));
        var lifecycle = new Lifecycle(tenant);
        foreach (var message in lifecycle.Messages())
        {
            await Lifecycle.PublishAsync(host, message);
        }
        await Eventually.True(() => Task.FromResult(collector.Events().Count >= 5), what: "five OCSF events");

        Assert.All(collector.Batches, b => Assert.Equal($"Bearer {Token}", b.Auth));
        Assert.All(collector.Batches, b => Assert.StartsWith("application/x-ndjson", b.ContentType, StringComparison.Ordinal));
        var events = collector.Events();
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
            type = "ocsf-http", displayName = "Signed collector", settings = new { url = collector.Url, auth = "hmac" },
            secrets = new Dictionary<string, string> { ["hmacSecret"] = HmacKey },
        });
        await Lifecycle.PublishAsync(host, new Lifecycle(tenant).Messages()[0]);
        await Eventually.True(() => Task.FromResult(collector.Batches.Any(b => b.Signature is not null)), what: "a signed batch");

        var batch = collector.Batches.Single(b => b.Signature is not null);
        Assert.Equal("", batch.Auth);
        var parts = batch.Signature!.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(HmacKey), Encoding.UTF8.GetBytes($"{parts["t"]}.{batch.Body}")));
        Assert.Equal(expected, parts["v1"]);
    }

    public async Task DisposeAsync() => await collector.DisposeAsync();
}
