using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Thalian.Testing;

namespace Thalian.Delivery.Tests.Fixtures;

/// <summary>
/// The real delivery service on this class's own vhost and schema, quick retries, plain-http receivers allowed, every
/// log line captured (to prove no secret is logged), and a bus that publishes finding events as the findings service does.
/// </summary>
public class DeliveryHost : IsolatedInfrastructure
{
    public CapturedLogs Logs { get; } = new();
    private IBusControl publisher = null!;
    private ServiceFactory<DeliveryService> factory = null!;

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Delivery:AllowInsecureHttp"] = "true",
        ["Delivery:RetryBaseDelay"] = "00:00:00.200",
        ["Delivery:RetryMaxDelay"] = "00:00:01",
        ["Delivery:PollInterval"] = "00:00:00.100",
        ["Delivery:RequestTimeout"] = "00:00:05",
    };

    /// <summary>Replaces services of the delivery service for a fixture (for example its clock).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        factory = new Factory(this);
        using var client = factory.CreateClient();
        await Eventually.True(async () =>
        {
            using var response = await client.GetAsync("/health/ready");
            return response.StatusCode == HttpStatusCode.OK;
        }, what: "delivery ready");
        publisher = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(RabbitMqUri));
        await publisher.StartAsync();
    }

    /// <summary>Publishes as the findings outbox does: the message id is the event id.</summary>
    public Task Publish<T>(T message, Guid? eventId = null) where T : class =>
        publisher.Publish(message, ctx => ctx.MessageId = eventId ?? Guid.NewGuid());

    public HttpClient Admin(string tenant) => factory.CreateClientFor(tenant, "admin");

    public HttpClient Reader(string tenant) => factory.CreateClientFor(tenant, "reader");

    public async Task<JsonObject> CreateDestinationAsync(string tenant, object request)
    {
        using var client = Admin(tenant);
        using var response = await client.PostAsJsonAsync("/api/v1/destinations", request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    public async Task<JsonObject> GetDestinationAsync(string tenant, string id)
    {
        using var client = Reader(tenant);
        return JsonNode.Parse(await client.GetStringAsync($"/api/v1/destinations/{id}"))!.AsObject();
    }

    /// <summary>Waits until the destination's status matches (a bound stops a hung test; it is not a timing assertion).</summary>
    public Task<JsonObject> StatusWhen(string tenant, string id, Func<JsonObject, bool> match, string what) =>
        Eventually.Get(async () =>
        {
            var status = (await GetDestinationAsync(tenant, id))["status"]!.AsObject();
            return match(status) ? status : null;
        }, what: what);

    /// <summary>A table of the service's schema, quoted for SQL.</summary>
    public string Table(string name) => $"\"{SchemaFor("delivery")}\".{name}";

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public override async Task DisposeAsync()
    {
        await publisher.StopAsync();
        await factory.DisposeAsync();
        await base.DisposeAsync();
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// One instance of the service, serving the test's requests and consuming its messages, whose logs are captured.
    /// (A second factory derived with WithWebHostBuilder would start a second instance beside it.)
    /// </summary>
    private sealed class Factory(DeliveryHost host) : ServiceFactory<DeliveryService>(host, "delivery", host.Settings)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s =>
            {
                s.AddSingleton<ILoggerProvider>(host.Logs);
                host.ConfigureServices(s);
            });
        }
    }
}
