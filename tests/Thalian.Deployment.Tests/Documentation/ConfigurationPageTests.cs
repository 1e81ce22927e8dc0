using Thalian.Deployment.Tests.Compose;
using Thalian.Deployment.Tests.Configuration;
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

    [Fact]
    public void Every_setting_the_page_documents_is_read_by_some_service()
    {
        var readers = ConfigurationKeys.ServiceFolders.Keys.Select(ConfigurationKeys.ReadBy).ToList();
        var documented = System.Text.RegularExpressions.Regex.Matches(Repository.Read("deploy/configuration.md"), "`([A-Za-z][A-Za-z0-9-]*(?:__[A-Za-z0-9-]+)+)`")
            .Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(documented);

        var unread = documented.Select(name => (name, key: System.Text.RegularExpressions.Regex.Replace(ConfigurationKeys.FromEnvironmentName(name), "(:[0-9]+)+$", "")))
            .Where(d => !readers.Any(r => r.Reads(d.key))).Select(d => d.name).ToList();

        Assert.True(unread.Count == 0, "deploy/configuration.md documents settings no service reads: " + string.Join(", ", unread));
    }

    private static IEnumerable<string> ManifestNames(YamlDotNet.RepresentationModel.YamlMappingNode o) => o.Text("kind") switch
    {
        "ConfigMap" => o.Entries("data").Select(d => d.Key),
        "Deployment" when Overlays.ThalianServices.Contains(o.Text("metadata", "name")) =>
            o.Containers().SelectMany(c => c.Items("env")).Select(e => e.Text("name")!),
        _ => [],
    };
}
