using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Thalian.Deployment.Tests.Images;

/// <summary>A Dockerfile split into instructions (continuation lines joined), with the project it builds.</summary>
public sealed partial class Dockerfile(string projectFile)
{
    public static readonly TheoryData<string> Projects = new()
    {
        "services/Gateway/Thalian.Gateway/Thalian.Gateway.csproj",
        "services/AwsCollector/Thalian.AwsCollector/Thalian.AwsCollector.csproj",
        "services/IdpCollector/Thalian.IdpCollector/Thalian.IdpCollector.csproj",
        "services/Correlation/Thalian.Correlation/Thalian.Correlation.csproj",
        "services/Findings/Thalian.Findings/Thalian.Findings.csproj",
        "services/Delivery/Thalian.Delivery/Thalian.Delivery.csproj",
        "tests/Emulators/Thalian.AwsEmulator/Thalian.AwsEmulator.csproj",
        "tests/Emulators/Thalian.IdpEmulator/Thalian.IdpEmulator.csproj",
    };

    public string ProjectFile { get; } = projectFile;

    public IReadOnlyList<string> Instructions { get; } = Split(Repository.Read(Path.GetDirectoryName(projectFile) + "/Dockerfile"));

    public IReadOnlyList<string> Stage(int index) =>
        Instructions.Select((line, i) => (line, stage: Instructions.Take(i + 1).Count(l => l.StartsWith("FROM ", StringComparison.Ordinal)) - 1))
            .Where(x => x.stage == (index < 0 ? Instructions.Count(l => l.StartsWith("FROM ", StringComparison.Ordinal)) + index : index))
            .Select(x => x.line).ToList();

    /// <summary>The project and every project it references, transitively, as repository-relative paths.</summary>
    public IReadOnlyList<string> ProjectClosure()
    {
        var found = new List<string>();
        var pending = new Stack<string>([ProjectFile]);
        while (pending.TryPop(out var project))
        {
            if (found.Contains(project))
            {
                continue;
            }
            found.Add(project);
            var directory = Path.GetDirectoryName(project)!;
            foreach (var reference in XDocument.Parse(Repository.Read(project)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(Repository.PathOf(directory), reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(Repository.Root, full).Replace('\\', '/'));
            }
        }
        return found;
    }

    /// <summary>Sources COPY'd into the build stage: (source, destination) pairs.</summary>
    public static IEnumerable<(string Source, string Destination)> Copies(IEnumerable<string> instructions) =>
        instructions.Where(i => i.StartsWith("COPY ", StringComparison.Ordinal) && !i.Contains("--from=", StringComparison.Ordinal))
            .SelectMany(i =>
            {
                var parts = i.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
                return parts[..^1].Select(source => (source, parts[^1]));
            });

    private static List<string> Split(string text) =>
        Continuation().Replace(text, " ").Split('\n').Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

    [GeneratedRegex(@"\\\r?\n\s*")]
    private static partial Regex Continuation();
}
