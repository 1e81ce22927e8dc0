using Thalian.Testing;

namespace Thalian.Resilience.Tests.Infrastructure;

/// <summary>
/// A RabbitMQ node of the suite's own: its own node name, AMQP, distribution and management ports and its own
/// data and log directories, so stopping it disturbs no other test and never touches the shared broker on 5672.
/// </summary>
public sealed class PrivateRabbitMq : IAsyncDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("thalian-faults-rabbitmq-").FullName;
    private readonly string node = $"thalian-faults-{Guid.NewGuid().ToString("N")[..8]}@localhost";

    public int Port { get; } = FreePorts.Tcp();
    public int ManagementPort { get; } = FreePorts.Tcp();
    private int DistributionPort { get; } = FreePorts.Tcp();

    public Uri AmqpUri => new($"amqp://guest:guest@127.0.0.1:{Port}/");
    public Uri ManagementUri => new($"http://127.0.0.1:{ManagementPort}/");

    public static async Task<PrivateRabbitMq> StartAsync()
    {
        var rabbit = new PrivateRabbitMq();
        await File.WriteAllTextAsync(Path.Combine(rabbit.root, "enabled_plugins"), "[rabbitmq_management].");
        await File.WriteAllTextAsync(Path.Combine(rabbit.root, "rabbitmq.conf"), $"""
            listeners.tcp.default = 127.0.0.1:{rabbit.Port}
            management.tcp.ip = 127.0.0.1
            management.tcp.port = {rabbit.ManagementPort}
            loopback_users = none
            """);
        // The /usr/sbin wrappers switch to the rabbitmq user (and its Erlang cookie); it must own the node's files.
        await Shell.RunAsync("chown", ["-R", "rabbitmq:rabbitmq", rabbit.root]);
        await rabbit.StartServerAsync();
        return rabbit;
    }

    private Dictionary<string, string> Environment => new()
    {
        ["RABBITMQ_NODENAME"] = node,
        ["RABBITMQ_DIST_PORT"] = DistributionPort.ToString(),
        ["RABBITMQ_MNESIA_BASE"] = Path.Combine(root, "mnesia"),
        ["RABBITMQ_LOG_BASE"] = Path.Combine(root, "log"),
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(root, "enabled_plugins"),
        ["RABBITMQ_CONFIG_FILE"] = Path.Combine(root, "rabbitmq"),
        ["RABBITMQ_PID_FILE"] = PidFile,
    };

    private string PidFile => Path.Combine(root, "node.pid");

    public async Task StartServerAsync()
    {
        File.Delete(PidFile);
        await Shell.RunAsync("/usr/sbin/rabbitmq-server", ["-detached"], Environment);
        await Shell.RunAsync("/usr/sbin/rabbitmqctl", ["-n", node, "wait", "--timeout", "120", PidFile], Environment);
    }

    /// <summary>Stops the node (clients lose their connections; durable queues and persistent messages survive).</summary>
    public Task StopServerAsync() => Shell.RunAsync("/usr/sbin/rabbitmqctl", ["-n", node, "stop", PidFile], Environment);

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(PidFile))
        {
            await StopServerAsync().ContinueWith(_ => { });
        }
        Directory.Delete(root, recursive: true);
    }
}
