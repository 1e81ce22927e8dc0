using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace Thalian.Delivery.Tests.Subscribers;

/// <summary>docs/asyncapi/findings.asyncapi.yaml as JSON, and its payload schemas as one JSON Schema document.</summary>
public static class AsyncApiDocument
{
    public static readonly JsonObject Root = Load();

    public static JsonObject Schemas => Root["components"]!["schemas"]!.AsObject();

    /// <summary>The named component schema as a standalone JSON Schema (components become $defs).</summary>
    public static string SchemaText(string name) =>
        new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$ref"] = $"#/$defs/{name}",
            ["$defs"] = Schemas.DeepClone(),
        }.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);

    private static JsonObject Load()
    {
        var yaml = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "asyncapi", "findings.asyncapi.yaml"));
        var data = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build().Deserialize<object>(yaml);
        var json = new SerializerBuilder().JsonCompatible().Build().Serialize(data);
        return JsonNode.Parse(json)!.AsObject();
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Thalian.Platform.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("Thalian.Platform.sln not found above " + AppContext.BaseDirectory);
    }
}
