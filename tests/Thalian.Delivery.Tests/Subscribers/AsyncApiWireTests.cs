using System.Text;
using System.Text.Json;
using Json.Schema;
using MassTransit;
using RabbitMQ.Client;
using Thalian.Testing;

namespace Thalian.Delivery.Tests.Subscribers;

/// <summary>The document against the wire: what MassTransit really puts on RabbitMQ must validate against its schemas.</summary>
public sealed class AsyncApiWireTests : IClassFixture<IsolatedInfrastructure>, IAsyncLifetime
{
    private readonly IsolatedInfrastructure infrastructure;
    private IBusControl bus = null!;

    public AsyncApiWireTests(IsolatedInfrastructure infrastructure) => this.infrastructure = infrastructure;

    public async Task InitializeAsync()
    {
        bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(infrastructure.RabbitMqUri));
        await bus.StartAsync();
    }

    public Task DisposeAsync() => bus.StopAsync();

    [Fact]
    public async Task Every_published_finding_event_validates_against_its_schema_in_the_document()
    {
        await using var connection = await new ConnectionFactory { Uri = infrastructure.RabbitMqUri }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        var messages = FindingEventSamples.Lifecycle(SampleFindings.Orphaned(), DateTimeOffset.UtcNow);
        await FindingEventSamples.DeclareExchangesAsync(bus);
        foreach (var exchange in FindingEventSamples.Exchanges)
        {
            await channel.QueueBindAsync(queue, exchange, "");
        }

        var ids = new List<Guid>();
        foreach (var message in messages)
        {
            var id = Guid.NewGuid();
            ids.Add(id);
            await bus.Publish(message, message.GetType(), ctx => ctx.MessageId = id);
        }

        foreach (var (message, id) in messages.Zip(ids))
        {
            var delivery = await Eventually.Get(() => channel.BasicGetAsync(queue, autoAck: true), TimeSpan.FromSeconds(30), message.GetType().Name);
            Assert.Equal("application/vnd.masstransit+json", delivery.BasicProperties.ContentType);
            using var body = JsonDocument.Parse(delivery.Body);
            Assert.Equal(id, body.RootElement.GetProperty("messageId").GetGuid());
            var schema = JsonSchema.FromText(AsyncApiDocument.SchemaText($"{message.GetType().Name}Envelope"));
            var result = schema.Evaluate(body.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
            Assert.True(result.IsValid, $"{message.GetType().Name} does not match the document: {Errors(result)}\n{Encoding.UTF8.GetString(delivery.Body.Span)}");
        }
    }

    [Fact]
    public void The_schemas_refuse_an_undocumented_field()
    {
        var schema = JsonSchema.FromText(AsyncApiDocument.SchemaText("FindingOpened"));
        using var message = JsonDocument.Parse(JsonSerializer.Serialize(new { finding = SampleFindings.Orphaned(), occurredAt = DateTimeOffset.UtcNow, surprise = 1 }, JsonSerializerOptions.Web));

        Assert.False(schema.Evaluate(message.RootElement).IsValid);
    }

    private static string Errors(EvaluationResults result) =>
        string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));
}
