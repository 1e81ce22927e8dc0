using System.Text.Json;

namespace Thalian.Deployment.Tests.Support;

/// <summary>
/// Runs one of the validator/*.mjs scripts on a temporary copy of some YAML and returns its JSON answer.
/// The scripts' npm packages are installed by scripts/ensure-deploy-tools.sh (npm ci from the lock file).
/// </summary>
public static class NodeValidator
{
    private const string Folder = "tests/Thalian.Deployment.Tests/validator";

    public static JsonDocument Run(string script, string yaml)
    {
        Assert.True(Directory.Exists(Repository.PathOf($"{Folder}/node_modules")),
            $"validator packages missing: run `npm ci --prefix {Folder}` (scripts/ensure-deploy-tools.sh does)");
        var file = Path.Combine(Path.GetTempPath(), $"thalian-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, yaml);
        try
        {
            var result = Processes.Run("node", "Install Node.js 20 or later.", Repository.PathOf($"{Folder}/{script}"), file);
            Assert.True(result.ExitCode is 0 or 1, $"{script} crashed ({result.ExitCode}):\n{result.Error}");
            return JsonDocument.Parse(result.Output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static IReadOnlyList<string> Errors(this JsonDocument answer) =>
        answer.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString() ?? "").ToList();
}
