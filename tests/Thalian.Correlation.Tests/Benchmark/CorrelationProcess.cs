using System.Diagnostics;
using System.Globalization;
using Thalian.Testing;

namespace Thalian.Correlation.Benchmark;

/// <summary>
/// The correlation service as its own process (the Release build next to its project), so its peak memory is its own:
/// VmHWM from /proc/&lt;pid&gt;/status. Its log is scanned for version conflicts as it is written.
/// </summary>
public sealed class CorrelationProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private int _versionMismatches;
    private int _duplicateStreams;
    private int _otherErrors;

    private CorrelationProcess(Process process, string logPath)
    {
        _process = process;
        _log = new StreamWriter(logPath) { AutoFlush = true };
        LogPath = logPath;
    }

    public string LogPath { get; }

    /// <summary>MT003 (an append found the stream at another version than the one decided on).</summary>
    public int VersionMismatches => Volatile.Read(ref _versionMismatches);

    /// <summary>Two writers started the same stream (duplicate key on mt_streams).</summary>
    public int DuplicateStreams => Volatile.Read(ref _duplicateStreams);

    public int OtherErrors => Volatile.Read(ref _otherErrors);

    public static CorrelationProcess Start(string repositoryRoot, IsolatedInfrastructure infrastructure)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var directory = Path.Combine(repositoryRoot, "services", "Correlation", "Thalian.Correlation", "bin", configuration, "net10.0");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(directory, "Thalian.Correlation.dll")])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePorts.Tcp()}",
            ["ConnectionStrings__Postgres"] = infrastructure.PostgresConnectionString,
            ["ConnectionStrings__RabbitMq"] = infrastructure.RabbitMqUri.ToString(),
            ["Thalian__Schema"] = infrastructure.SchemaFor("correlation"),
            ["Thalian__DaemonMode"] = "Solo",
            ["Thalian__Internal__TokenPublicKeysFile"] = TestTokenKeys.PublicKeysPath,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var service = new CorrelationProcess(process, Path.Combine(Path.GetTempPath(), $"correlation-benchmark-{process.Id}.log"));
        process.OutputDataReceived += (_, e) => service.Scan(e.Data);
        process.ErrorDataReceived += (_, e) => service.Scan(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>The service's peak resident set so far, in MB.</summary>
    public long PeakRssMegabytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>CPU time the service has used so far (user + system), from /proc/&lt;pid&gt;/stat.</summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        // Fields after the parenthesised command name: state is field 3, utime 14 and stime 15, in clock ticks (100 per second on Linux).
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    public void ThrowIfExited()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"The correlation service exited with {_process.ExitCode}; see {LogPath}");
        }
    }

    private void Scan(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.WriteLine(line);
        }
        // Marten logs a failed command twice (with and without its SQL); the one with the SQL is counted.
        if (!line.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) || line.Contains("executing \\n\\n", StringComparison.Ordinal))
        {
            return;
        }
        if (line.Contains("MT003", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _versionMismatches);
        }
        else if (line.Contains("pkey_mt_streams", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _duplicateStreams);
        }
        else
        {
            Interlocked.Increment(ref _otherErrors);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        await _log.DisposeAsync();
    }
}
