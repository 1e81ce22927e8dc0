using Thalian.Testing;

namespace Thalian.Resilience.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL cluster of the suite's own (initdb into a temporary directory, Debian's PostgreSQL 15 binaries, run as
/// the postgres user because initdb refuses root, on a free port), so restarting it disturbs nobody else.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string root = Directory.CreateTempSubdirectory("thalian-faults-pg-").FullName;

    public int Port { get; } = FreePorts.Tcp();

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Database=thalian;Username=thalian;Password=thalian;Maximum Pool Size=40";

    private string DataDirectory => Path.Combine(root, "data");

    public static async Task<PrivatePostgres> StartAsync()
    {
        var postgres = new PrivatePostgres();
        await Shell.RunAsync("chown", ["postgres", postgres.root]);
        await postgres.AsPostgresAsync("initdb", "-D", postgres.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8");
        await postgres.StartServerAsync();
        await postgres.AsPostgresAsync("psql", "-h", "127.0.0.1", "-p", postgres.Port.ToString(), "-U", "postgres", "-v", "ON_ERROR_STOP=1",
            "-c", "create role thalian login createdb password 'thalian'", "-c", "create database thalian owner thalian");
        return postgres;
    }

    public Task StartServerAsync() => AsPostgresAsync("pg_ctl", "-D", DataDirectory, "-l", Path.Combine(root, "server.log"), "-w",
        "-o", $"-p {Port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off", "start");

    /// <summary>Stops the server at once (open transactions are rolled back, clients are disconnected).</summary>
    public Task StopServerAsync() => AsPostgresAsync("pg_ctl", "-D", DataDirectory, "-m", "fast", "-w", "stop");

    private Task<string> AsPostgresAsync(string tool, params string[] arguments) =>
        Shell.RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(Bin, tool), .. arguments]);

    public async ValueTask DisposeAsync()
    {
        await AsPostgresAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop").ContinueWith(_ => { });
        Directory.Delete(root, recursive: true);
    }
}
