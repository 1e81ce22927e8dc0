namespace Thalian.Deployment.Tests.Kubernetes;

public class SchemaValidationTests
{
    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_rendered_object_validates_against_the_kubernetes_schema_of_its_kind(string overlay)
    {
        var report = ManifestValidator.Validate(Overlays.RenderYaml(overlay));

        Assert.Empty(report.Errors);
        Assert.Equal(Overlays.Render(overlay).Select(o => o.Name()).Order(), report.Validated.Order());
    }

    [Fact]
    public void The_validator_rejects_wrong_types_bad_quantities_and_unknown_fields()
    {
        var broken = Repository.Read("k8s/base/gateway/deployment.yaml")
            .Replace("maxSurge: 1", "maxSurge: 1\n      maxSurges: 2", StringComparison.Ordinal)
            .Replace("memory: 512Mi", "memory: lots", StringComparison.Ordinal)
            .Replace("replicas: 2", "replicas: two", StringComparison.Ordinal);

        var report = ManifestValidator.Validate(broken);

        Assert.Contains(report.Errors, e => e.Contains("/spec/replicas", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.Contains("limits/memory", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.Contains("rollingUpdate.maxSurges: unknown field", StringComparison.Ordinal));
    }

    [Fact]
    public void The_validator_rejects_kinds_it_has_no_schema_for()
    {
        var report = ManifestValidator.Validate("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n");

        Assert.Contains(report.Errors, e => e.StartsWith("Widget/w: no schema", StringComparison.Ordinal));
    }
}
