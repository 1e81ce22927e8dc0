namespace Thalian.Deployment.Tests.Kubernetes;

public sealed record ValidationReport(IReadOnlyList<string> Validated, IReadOnlyList<string> Errors);

/// <summary>
/// validator/validate.mjs: the Kubernetes OpenAPI schemas shipped by the kubernetes-models npm package, plus an
/// unknown-field check from @kubernetes/client-node's generated models.
/// </summary>
public static class ManifestValidator
{
    public static ValidationReport Validate(string yaml)
    {
        using var answer = NodeValidator.Run("validate.mjs", yaml);
        var validated = answer.RootElement.GetProperty("validated").EnumerateArray()
            .Select(v => $"{v.GetProperty("kind").GetString()}/{v.GetProperty("name").GetString()}").ToList();
        return new ValidationReport(validated, answer.Errors());
    }
}
