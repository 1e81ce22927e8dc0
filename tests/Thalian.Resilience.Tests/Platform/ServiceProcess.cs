using System.Diagnostics;

namespace Thalian.Resilience.Tests.Platform;

/// <summary>One built service (or emulator) dll run as its own process, as scripts/run.sh runs it, with its log in a file.</summary>
public sealed class ServiceProcess(string name, string dll, string contentRoot, IReadOnlyList<string> arguments,
    IReadOnlyDictionary<string, string> environment, string logDirectory) : IAsyncDisposable
{
    private Process? process;
    private int starts;

    public string Name { get; } = name;

    public int? ProcessId => process is { HasExited: false } p ? p.Id : null;

    public void Start()
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = contentRoot };
        foreach (var argument in (IEnumerable<string>)[dll, "--contentRoot", contentRoot, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var log = new StreamWriter(Path.Combine(logDirectory, $"{Name}.{++starts}.log")) { AutoFlush = true };
        process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Name}.");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (log)
        {
            log.WriteLine(line);
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, no acks — what a crash or an OOM kill looks like.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process?.Dispose();
    }
}
