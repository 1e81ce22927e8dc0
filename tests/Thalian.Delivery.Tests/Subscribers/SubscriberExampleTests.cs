using System.Diagnostics;
using System.Text;
using MassTransit;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Thalian.Testing;

namespace Thalian.Delivery.Tests.Subscribers;

/// <summary>
/// deploy/subscribers/Thalian.SubscriberExample as a process on real RabbitMQ, logged in as a subscriber user of its own
/// whose permissions (deploy/subscribers/README.md) let it read the finding exchanges and nothing else.
/// </summary>
public sealed class SubscriberExampleTests : IClassFixture<IsolatedInfrastructure>, IAsyncLifetime
{
    private const string Queue = "siem-subscriber.findings";
    private readonly IsolatedInfrastructure infrastructure;
    private readonly string user = "siem-subscriber-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string password = Guid.NewGuid().ToString("N");
    private IBusControl bus = null!;

    public SubscriberExampleTests(IsolatedInfrastructure infrastructure) => this.infrastructure = infrastructure;

    private Uri SubscriberUri => new UriBuilder(infrastructure.RabbitMqUri) { UserName = user, Password = password }.Uri;

    public async Task InitializeAsync()
    {
        using var management = infrastructure.ManagementClient();
        await PutAsync(management, $"api/users/{user}", $$"""{"password":"{{password}}","tags":""}""");
        // The same three regexes as `rabbitmqctl set_permissions` in deploy/subscribers/README.md.
        await PutAsync(management, $"api/permissions/{infrastructure.Id}/{user}",
            """{"configure":"^siem-subscriber\\..*","write":"^siem-subscriber\\..*","read":"^(thalian\\.findings\\.(opened|updated|resolved|reopened|suppressed|unsuppressed)|siem-subscriber\\..*)$"}""");
        bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(infrastructure.RabbitMqUri));
        await bus.StartAsync();
        await FindingEventSamples.DeclareExchangesAsync(bus);
    }

    public async Task DisposeAsync()
    {
        await bus.StopAsync();
        using var management = infrastructure.ManagementClient();
        using var _ = await management.DeleteAsync($"api/users/{user}");
    }

    [Fact]
    public async Task The_example_receives_a_finding_s_lifecycle_in_order_once_each()
    {
        var finding = SampleFindings.Orphaned() with { FindingId = Guid.NewGuid() };
        var lifecycle = FindingEventSamples.Lifecycle(finding, DateTimeOffset.Parse("2026-12-02T10:00:00Z")).Take(5).ToList();
        using var subscriber = StartSubscriber(exitAfter: lifecycle.Count);
        await Eventually.True(() => Task.FromResult(subscriber.Process.HasExited
            ? throw new InvalidOperationException("The subscriber exited: " + string.Join('\n', subscriber.Lines))
            : subscriber.Lines.Contains($"listening on {Queue}")), TimeSpan.FromSeconds(60), "the subscriber to listen");

        var ids = lifecycle.Select(_ => Guid.NewGuid()).ToList();
        foreach (var (message, id) in lifecycle.Zip(ids))
        {
            await bus.Publish(message, message.GetType(), ctx => ctx.MessageId = id);
        }
        // At-least-once: the same event delivered again.
        await bus.Publish(lifecycle[1], lifecycle[1].GetType(), ctx => ctx.MessageId = ids[1]);

        await subscriber.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var events = subscriber.Lines.Where(l => l.Contains($"finding={finding.FindingId}", StringComparison.Ordinal)).ToList();
        Assert.Equal(["opened", "updated", "resolved", "reopened", "suppressed"], events.Select(l => l.Split(' ')[0]));
        Assert.Equal(ids.Select(id => $"messageId={id}"), events.Select(l => l.Split(' ')[^1]));
        Assert.Equal(0, subscriber.Process.ExitCode);
    }

    [Fact]
    public async Task The_subscriber_user_can_read_the_events_but_not_publish_them_nor_read_other_queues()
    {
        await using (var admin = await new ConnectionFactory { Uri = infrastructure.RabbitMqUri }.CreateConnectionAsync())
        await using (var setup = await admin.CreateChannelAsync())
        {
            await setup.QueueDeclareAsync("delivery-finding-opened", durable: true, exclusive: false, autoDelete: false);
        }
        await using var connection = await new ConnectionFactory { Uri = SubscriberUri }.CreateConnectionAsync();

        await using (var reading = await connection.CreateChannelAsync())
        {
            await reading.QueueDeclareAsync($"{Queue}.probe", durable: false, exclusive: false, autoDelete: true);
            await reading.QueueBindAsync($"{Queue}.probe", "thalian.findings.opened", "");
        }
        var publishing = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await Assert.ThrowsAnyAsync<Exception>(async () =>
            await publishing.BasicPublishAsync("thalian.findings.opened", "", true, new BasicProperties(), Encoding.UTF8.GetBytes("{}")));
        await Eventually.True(() => Task.FromResult(publishing.IsClosed), TimeSpan.FromSeconds(10), "the broker to close the publishing channel");
        Assert.Equal(403, publishing.CloseReason!.ReplyCode);
        await using var other = await connection.CreateChannelAsync();
        var consume = await Assert.ThrowsAsync<OperationInterruptedException>(() => other.BasicGetAsync("delivery-finding-opened", autoAck: true));
        Assert.Equal(403, consume.ShutdownReason!.ReplyCode);
        await publishing.DisposeAsync();
    }

    private RunningSubscriber StartSubscriber(int exitAfter)
    {
        // Its own build output (the test project builds it without copying it), run as an operator would run it.
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var dll = Path.Combine(AsyncApiDocument.RepositoryRoot(), "deploy", "subscribers", "Thalian.SubscriberExample", "bin", configuration, "net10.0", "Thalian.SubscriberExample.dll");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["THALIAN_SUBSCRIBER_AMQP"] = SubscriberUri.ToString();
        start.Environment["THALIAN_SUBSCRIBER_QUEUE"] = Queue;
        start.Environment["THALIAN_SUBSCRIBER_EXIT_AFTER"] = exitAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new RunningSubscriber(Process.Start(start)!);
    }

    private static async Task PutAsync(HttpClient http, string path, string json)
    {
        using var response = await http.PutAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    private sealed class RunningSubscriber : IDisposable
    {
        private readonly List<string> lines = [];

        public RunningSubscriber(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (lines) { lines.Add(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (lines) { lines.Add("stderr: " + e.Data); } } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public IReadOnlyList<string> Lines { get { lock (lines) { return [.. lines]; } } }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }
            Process.Dispose();
        }
    }
}
