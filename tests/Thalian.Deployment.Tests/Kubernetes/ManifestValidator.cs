using System.Text.Json;

namespace Thalian.Deployment.Tests.Kubernetes;

public sealed record ValidationReport(IReadOnlyList<string> Validated, IReadOnlyList<string> Errors);

/// <summary>
/// Runs validator/validate.mjs: the Kubernetes OpenAPI schemas shipped by the kubernetes-models npm package,
/// plus an unknown-field check from @kubernetes/client-node's models (installed by scripts/test.sh with npm ci).
/// </summary>
public static class ManifestValidator
{
    private const string Script = "tests/Thalian.Deployment.Tests/validator/validate.mjs";

    public static ValidationReport Validate(string yaml)
    {
        Assert.True(Directory.Exists(Repository.PathOf("tests/Thalian.Deployment.Tests/validator/node_modules")),
            "validator packages missing: run `npm ci --prefix tests/Thalian.Deployment.Tests/validator` (scripts/test.sh does)");
        var file = Path.Combine(Path.GetTempPath(), $"thalian-manifests-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, yaml);
        try
        {
            var result = Processes.Run("node", "Install Node.js 20 or later.", Repository.PathOf(Script), file);
            Assert.True(result.ExitCode is 0 or 1, $"validator crashed ({result.ExitCode}):\n{result.Error}");
            using var json = JsonDocument.Parse(result.Output);
            var validated = json.RootElement.GetProperty("validated").EnumerateArray()
                .Select(v => $"{v.GetProperty("kind").GetString()}/{v.GetProperty("name").GetString()}").ToList();
            var errors = json.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString() ?? "").ToList();
            return new ValidationReport(validated, errors);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
