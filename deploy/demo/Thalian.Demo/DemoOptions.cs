namespace Thalian.Demo;

/// <summary>Command-line options of the demo driver; every default fits scripts/run.sh on one machine.</summary>
public sealed record DemoOptions
{
    public Uri Gateway { get; init; } = new("http://127.0.0.1:8080");
    public string RepoRoot { get; init; } = FindRepoRoot();
    public string AwsEmulator { get; init; } = "http://127.0.0.1:9101";
    public string IdpEmulator { get; init; } = "http://127.0.0.1:9102";
    public string IdpEmulatorHttps { get; init; } = "https://127.0.0.1:9103";
    public string TenantName { get; init; } = "Kestrel Dynamics (demo)";
    public TimeSpan SyncTimeout { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan FindingsTimeout { get; init; } = TimeSpan.FromMinutes(4);
    /// <summary>Compare the open findings with this expected list and exit 1 on any difference.</summary>
    public string? Verify { get; init; }
    public string? StateFile { get; init; }

    public string DemoDir => Path.Combine(RepoRoot, "deploy", "demo");

    public static DemoOptions Parse(string[] args)
    {
        var options = new DemoOptions();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            options = args[i] switch
            {
                "--gateway" => options with { Gateway = new Uri(value) },
                "--repo-root" => options with { RepoRoot = Path.GetFullPath(value) },
                "--aws-emulator" => options with { AwsEmulator = value.TrimEnd('/') },
                "--idp-emulator" => options with { IdpEmulator = value.TrimEnd('/') },
                "--idp-emulator-https" => options with { IdpEmulatorHttps = value.TrimEnd('/') },
                "--tenant-name" => options with { TenantName = value },
                "--sync-timeout" => options with { SyncTimeout = TimeSpan.FromSeconds(int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)) },
                "--findings-timeout" => options with { FindingsTimeout = TimeSpan.FromSeconds(int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)) },
                "--verify" => options with { Verify = Path.GetFullPath(value) },
                "--state-file" => options with { StateFile = Path.GetFullPath(value) },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }
        return options;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Thalian.Platform.sln")))
            {
                return dir.FullName;
            }
        }
        return Directory.GetCurrentDirectory();
    }
}
