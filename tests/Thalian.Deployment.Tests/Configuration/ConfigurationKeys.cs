using System.Text.Json;
using System.Text.RegularExpressions;

namespace Thalian.Deployment.Tests.Configuration;

/// <summary>
/// The configuration keys a service reads, found in its source and the shared libraries: indexers on a
/// configuration or section, GetValue, GetConnectionString, GetSection/Bind (then the bound type's
/// properties), every "Thalian:..." literal, and the keys of the service's appsettings.json.
/// </summary>
public static partial class ConfigurationKeys
{
    public static readonly IReadOnlyDictionary<string, string> ServiceFolders = new Dictionary<string, string>
    {
        ["gateway"] = "services/Gateway",
        ["aws-collector"] = "services/AwsCollector",
        ["idp-collector"] = "services/IdpCollector",
        ["correlation"] = "services/Correlation",
        ["findings"] = "services/Findings",
        ["delivery"] = "services/Delivery",
    };

    /// <summary>Read by ASP.NET Core and the OpenTelemetry SDK themselves, not by our code.</summary>
    private static readonly string[] FrameworkKeys =
        ["ASPNETCORE_HTTP_PORTS", "ASPNETCORE_ENVIRONMENT", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES"];

    public static ReadKeys ReadBy(string service)
    {
        var folder = ServiceFolders[service];
        var sources = SourceFiles(folder).Concat(SourceFiles("shared")).Select(File.ReadAllText).ToList();
        var keys = new HashSet<string>(FrameworkKeys, StringComparer.OrdinalIgnoreCase);
        var sections = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var members = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var source in sources)
        {
            keys.UnionWith(Matches(Indexer(), source));
            keys.UnionWith(Matches(GetValue(), source));
            keys.UnionWith(Matches(ConnectionString(), source).Select(name => "ConnectionStrings:" + name));
            keys.UnionWith(Matches(ThalianLiteral(), source));
            sections.UnionWith(Matches(Section(), source));
            sections.UnionWith(Matches(ThalianLiteral(), source));
            members.UnionWith(Matches(Property(), source));
            members.UnionWith(Matches(KeyName(), source));
            members.UnionWith(Matches(RecordParameters(), source).SelectMany(ParameterNames));
        }
        foreach (var appsettings in Directory.EnumerateFiles(Repository.PathOf(folder), "appsettings*.json", SearchOption.AllDirectories)
                     .Where(NotBuildOutput))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(appsettings));
            keys.UnionWith(Flatten(json.RootElement, ""));
        }
        return new ReadKeys(keys, sections, members);
    }

    /// <summary>Environment variable name to configuration key: "__" separates sections.</summary>
    public static string FromEnvironmentName(string name) => name.Replace("__", ":", StringComparison.Ordinal);

    private static IEnumerable<string> SourceFiles(string folder) =>
        Directory.EnumerateFiles(Repository.PathOf(folder), "*.cs", SearchOption.AllDirectories).Where(NotBuildOutput);

    private static bool NotBuildOutput(string path) =>
        !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    private static IEnumerable<string> Matches(Regex regex, string source) =>
        regex.Matches(source).Select(m => m.Groups[1].Value);

    private static IEnumerable<string> ParameterNames(string parameters) =>
        parameters.Split(',').Select(p => p.Split('=')[0].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "");

    private static IEnumerable<string> Flatten(JsonElement element, string prefix) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Flatten(p.Value, prefix.Length == 0 ? p.Name : $"{prefix}:{p.Name}")),
        JsonValueKind.Array => element.EnumerateArray().SelectMany((e, i) => Flatten(e, $"{prefix}:{i}")),
        _ => [prefix],
    };

    [GeneratedRegex(@"(?:[Cc]onfiguration|[Cc]onfig|[Ss]ection)\s*\[\s*""([^""]+)""\s*\]")]
    private static partial Regex Indexer();

    [GeneratedRegex(@"GetValue(?:<[^>(]+>)?\(\s*""([^""]+)""")]
    private static partial Regex GetValue();

    [GeneratedRegex(@"GetConnectionString\(\s*""([^""]+)""")]
    private static partial Regex ConnectionString();

    [GeneratedRegex(@"(?:GetSection|GetRequiredSection|BindConfiguration|Bind)\(\s*""([^""]+)""")]
    private static partial Regex Section();

    [GeneratedRegex(@"""(Thalian:[A-Za-z0-9_:.\-]+)""")]
    private static partial Regex ThalianLiteral();

    [GeneratedRegex(@"public\s+(?:required\s+)?[\w<>\[\]?,. ]+?\s+(\w+)\s*\{\s*(?:get|init|set)")]
    private static partial Regex Property();

    [GeneratedRegex(@"ConfigurationKeyName\(\s*""([^""]+)""")]
    private static partial Regex KeyName();

    [GeneratedRegex(@"record\s+(?:class\s+|struct\s+)?\w+\s*\(([^)]*)\)")]
    private static partial Regex RecordParameters();
}
