using System.Diagnostics;
using Thalian.Testing;

namespace Thalian.Platform.Tests.DatabaseRoles;

/// <summary>
/// A PostgreSQL server of the test's own (initdb in a temporary directory, a free port): creating roles is a
/// cluster-wide change, which the shared server must not see. Its superuser is `postgres` (trust on loopback); the
/// database `thalian` is owned by a non-superuser `thalian`, as scripts/infra-up.sh sets it up.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "thalian-pg-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly string bin = BinDirectory();

    public int Port { get; } = FreePorts.Tcp();

    public string ConnectionString(string user, string? password = null) =>
        $"Host=127.0.0.1;Port={Port};Database=thalian;Username={user};Password={password ?? "unused"};Pooling=false";

    public static async Task<PrivatePostgres> StartAsync()
    {
        var server = new PrivatePostgres();
        Directory.CreateDirectory(server.directory);
        if (Environment.IsPrivilegedProcess)
        {
            await RunAsync("chown", "postgres", server.directory); // initdb refuses to run as root
        }
        await server.AsServerUserAsync("initdb", "-D", Path.Combine(server.directory, "data"), "-U", "postgres", "-A", "trust", "--no-sync");
        await server.AsServerUserAsync("pg_ctl", "-D", Path.Combine(server.directory, "data"), "-w", "-l", Path.Combine(server.directory, "log"), "-o",
            $"-p {server.Port} -k {server.directory} -c listen_addresses=127.0.0.1 -c fsync=off", "start");
        try
        {
            await server.PsqlAsync("postgres", "create role thalian login createdb password 'thalian'", "create database thalian owner thalian");
        }
        catch
        {
            await server.DisposeAsync(); // a started server must not outlive a failed set-up
            throw;
        }
        return server;
    }

    /// <summary>Runs a POSIX sh script of the repository with the server's superuser in the libpq variables.</summary>
    public Task RunScriptAsync(string script, IDictionary<string, string> environment)
    {
        var variables = new Dictionary<string, string>(environment)
        {
            ["PGHOST"] = "127.0.0.1", ["PGPORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PGUSER"] = "postgres", ["PGDATABASE"] = "thalian",
        };
        return RunAsync("sh", variables, Path.Combine(RepoRoot(), script));
    }

    /// <summary>Each statement in its own transaction, as the superuser.</summary>
    public Task PsqlAsync(string database, params string[] statements) =>
        RunAsync(Path.Combine(bin, "psql"), new Dictionary<string, string>(), ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", .. statements.SelectMany(s => new[] { "-c", s })]);

    private Task AsServerUserAsync(string tool, params string[] arguments) =>
        Environment.IsPrivilegedProcess
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(bin, tool), .. arguments])
            : RunAsync(Path.Combine(bin, tool), arguments);

    private static Task RunAsync(string file, params string[] arguments) => RunAsync(file, new Dictionary<string, string>(), arguments);

    private static async Task RunAsync(string file, IDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {await output}{await error}");
        }
    }

    private static string BinDirectory() =>
        Directory.GetDirectories("/usr/lib/postgresql").OrderBy(d => int.Parse(Path.GetFileName(d), System.Globalization.CultureInfo.InvariantCulture))
            .Select(d => Path.Combine(d, "bin")).LastOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
        ?? throw new InvalidOperationException("No PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql).");

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Thalian.Platform.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await AsServerUserAsync("pg_ctl", "-D", Path.Combine(directory, "data"), "-m", "immediate", "stop");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
