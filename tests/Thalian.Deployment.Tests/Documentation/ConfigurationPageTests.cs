using Thalian.Deployment.Tests.Compose;
using Thalian.Deployment.Tests.Kubernetes;

namespace Thalian.Deployment.Tests.Documentation;

public class ConfigurationPageTests
{
    [Fact]
    public void Every_variable_compose_or_the_manifests_set_is_documented_for_operators()
    {
        var page = Repository.Read("deploy/configuration.md");
        var composeNames = Overlays.ThalianServices.SelectMany(s => ComposeFile.Environment(s).Select(e => e.Key));
        var manifestNames = new[] { "dev", "prod" }.SelectMany(Overlays.Render).SelectMany(ManifestNames);

        var undocumented = composeNames.Concat(manifestNames).Distinct()
            .Where(name => !page.Contains($"`{name}`", StringComparison.Ordinal)).ToList();

        Assert.True(undocumented.Count == 0, "deploy/configuration.md lacks: " + string.Join(", ", undocumented));
    }

    private static IEnumerable<string> ManifestNames(YamlDotNet.RepresentationModel.YamlMappingNode o) => o.Text("kind") switch
    {
        "ConfigMap" => o.Entries("data").Select(d => d.Key),
        "Deployment" when Overlays.ThalianServices.Contains(o.Text("metadata", "name")) =>
            o.Containers().SelectMany(c => c.Items("env")).Select(e => e.Text("name")!),
        _ => [],
    };
}
