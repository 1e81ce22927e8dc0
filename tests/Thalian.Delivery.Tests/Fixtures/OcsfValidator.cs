using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Thalian.Delivery.Tests.Fixtures;

/// <summary>Runs the shared OCSF 1.3 validator (../shared/ocsf/validate.py beside the repository) on emitted events.</summary>
public static class OcsfValidator
{
    public static string ScriptPath { get; } = Find();

    /// <summary>Validates the events (strict: warnings count too) and fails the test with the validator's report otherwise.</summary>
    public static void AssertValid(IEnumerable<JsonObject> events)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file, events.Select(e => e.ToJsonString()));
            var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(ScriptPath);
            start.ArgumentList.Add("--strict");
            start.ArgumentList.Add(file);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"OCSF validator rejected the events:\n{output}");
            Assert.Contains(" 0 problems", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Thalian.Platform.sln")))
            {
                var script = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "ocsf", "validate.py"));
                return File.Exists(script) ? script : throw new FileNotFoundException($"The OCSF validator is expected at {script} (a copy of shared/ beside the repository).");
            }
        }
        throw new DirectoryNotFoundException("Thalian.Platform.sln not found above the test binaries.");
    }
}
