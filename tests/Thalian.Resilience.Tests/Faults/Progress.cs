using Thalian.Resilience.Tests.Platform;

namespace Thalian.Resilience.Tests.Faults;

/// <summary>What the suite is doing, with times, in .run/faults/progress.log (to follow a run, or read a failure).</summary>
public static class Progress
{
    private static readonly string Path = System.IO.Path.Combine(RepoPaths.Root, ".run", "faults", "progress.log");
    private static readonly Lock Gate = new();

    public static void Log(string line)
    {
        lock (Gate)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            File.AppendAllText(Path, $"{DateTime.UtcNow:HH:mm:ss} {line}{Environment.NewLine}");
        }
    }
}
