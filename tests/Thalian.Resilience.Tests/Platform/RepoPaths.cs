namespace Thalian.Resilience.Tests.Platform;

/// <summary>Where the repository and the projects' build output are (the same configuration as this test assembly).</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Configuration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Debug";

    public static string ProjectDirectory(string relative) => Path.Combine(Root, relative);

    public static string Dll(string projectDirectory, string assembly)
    {
        var dll = Path.Combine(Root, projectDirectory, "bin", Configuration, "net10.0", assembly + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{assembly} is not built ({dll}); build the suite first.");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Thalian.Platform.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Thalian.Platform.sln not found above the test assembly.");
    }
}
