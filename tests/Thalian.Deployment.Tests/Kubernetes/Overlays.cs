using System.Collections.Concurrent;
using YamlDotNet.RepresentationModel;

namespace Thalian.Deployment.Tests.Kubernetes;

/// <summary>The overlays as `kubectl kustomize` renders them, rendered once per overlay per test run.</summary>
public static class Overlays
{
    public static readonly TheoryData<string> All = new() { "dev", "prod" };

    public static readonly string[] ThalianServices = ["gateway", "aws-collector", "idp-collector", "correlation", "findings", "delivery"];

    private static readonly ConcurrentDictionary<string, Lazy<string>> Rendered = new();

    public static string RenderYaml(string overlay) =>
        Rendered.GetOrAdd(overlay, o => new Lazy<string>(() => Kustomize($"k8s/overlays/{o}"))).Value;

    public static IReadOnlyList<YamlMappingNode> Render(string overlay) => YamlNodes.LoadDocuments(RenderYaml(overlay));

    public static string Kustomize(string directory)
    {
        var result = Processes.Run("kubectl", "Install kubectl (it ships kustomize); see deploy/README.md.", "kustomize", directory);
        Assert.True(result.ExitCode == 0, $"kubectl kustomize {directory} failed:\n{result.Error}");
        return result.Output;
    }

    public static IEnumerable<YamlMappingNode> OfKind(this IEnumerable<YamlMappingNode> objects, string kind) =>
        objects.Where(o => o.Text("kind") == kind);

    public static YamlMappingNode Named(this IEnumerable<YamlMappingNode> objects, string kind, string name) =>
        objects.OfKind(kind).SingleOrDefault(o => o.Text("metadata", "name") == name)
        ?? throw new Xunit.Sdk.XunitException($"no {kind} named {name} in the rendered manifests");

    public static string Name(this YamlNode o) => $"{o.Text("kind")}/{o.Text("metadata", "name")}";

    /// <summary>Deployments and StatefulSets: everything that runs containers.</summary>
    public static IEnumerable<YamlMappingNode> Workloads(this IEnumerable<YamlMappingNode> objects) =>
        objects.Where(o => o.Text("kind") is "Deployment" or "StatefulSet");

    public static IEnumerable<YamlNode> Containers(this YamlNode workload) =>
        workload.Items("spec", "template", "spec", "containers").Concat(workload.Items("spec", "template", "spec", "initContainers"));
}
