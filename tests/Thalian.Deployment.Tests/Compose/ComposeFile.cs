using YamlDotNet.RepresentationModel;

namespace Thalian.Deployment.Tests.Compose;

/// <summary>docker-compose.yml parsed with merge keys (&lt;&lt;: *anchor) resolved, as Compose resolves them.</summary>
public static class ComposeFile
{
    public static readonly string[] Infrastructure = ["postgres", "rabbitmq"];
    public static readonly string[] Emulators = ["aws-emulator", "idp-emulator"];
    /// <summary>One-shot set-up containers that finish before the services start.</summary>
    public static readonly string[] Setup = ["db-roles"];

    private static readonly Lazy<YamlMappingNode> Document = new(() => YamlNodes.LoadDocuments(Repository.Read("docker-compose.yml"), mergeKeys: true).Single());

    public static YamlMappingNode Root => Document.Value;

    public static IReadOnlyList<KeyValuePair<string, YamlNode>> Services => Root.Entries("services");

    public static YamlNode Service(string name) => Root.At("services", name) ?? throw new Xunit.Sdk.XunitException($"no compose service {name}");

    /// <summary>Environment entries of a service; a null value means "passed through from the shell or .env when set".</summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> Environment(string service) =>
        Service(service).Entries("environment").Select(e => new KeyValuePair<string, string?>(e.Key, NullableText(e.Value))).ToList();

    private static string? NullableText(YamlNode node) =>
        node is YamlScalarNode { Style: not YamlDotNet.Core.ScalarStyle.Plain } or YamlScalarNode { Value: not ("" or "~" or "null") }
            ? ((YamlScalarNode)node).Value
            : null;
}
