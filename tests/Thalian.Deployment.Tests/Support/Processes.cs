using System.Diagnostics;

namespace Thalian.Deployment.Tests.Support;

public sealed record ProcessResult(int ExitCode, string Output, string Error);

public static class Processes
{
    /// <summary>Runs a tool to completion; a missing tool fails with what to install instead of a bare Win32Exception.</summary>
    public static ProcessResult Run(string fileName, string installHint, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{fileName} is not available ({e.Message}). {installHint}", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within two minutes");
            }
            return new ProcessResult(process.ExitCode, output.Result, error.Result);
        }
    }
}
