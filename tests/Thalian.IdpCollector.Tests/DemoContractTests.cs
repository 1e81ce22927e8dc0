using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Thalian.IdpEmulator;

namespace Thalian.IdpCollector.Tests;

/// <summary>The emulator's example scenario and demo keys, as shipped for the demo.</summary>
public sealed class DemoScenarioHarness : CollectorHarness
{
    public static string EmulatorDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "Emulators", "Thalian.IdpEmulator");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
            throw new DirectoryNotFoundException("tests/Emulators/Thalian.IdpEmulator not found above the test output.");
        }
    }

    protected override Scenario InitialScenario() => Scenario.Load(Path.Combine(EmulatorDirectory, "scenarios", "example.json"));
}

/// <summary>Every connect body the emulator README documents works, verbatim, against the example scenario.</summary>
public sealed partial class The_documented_connect_requests(DemoScenarioHarness harness) : IClassFixture<DemoScenarioHarness>
{
    [Fact]
    public async Task Connect_and_sync_completely_for_all_five_vendors()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(DemoScenarioHarness.EmulatorDirectory, "README.md"));
        var privateKey = await File.ReadAllTextAsync(Path.Combine(DemoScenarioHarness.EmulatorDirectory, "demo-keys", "demo-private.pem"));
        var section = readme[readme.IndexOf("## Connect requests", StringComparison.Ordinal)..];
        var blocks = JsonBlock().Matches(section).Select(m => m.Groups[1].Value).ToList();
        string[] providers = ["okta", "okta", "entra", "google-workspace", "jumpcloud", "onelogin"];
        Assert.Equal(providers.Length, blocks.Count);

        using var client = harness.Collector.CreateClientFor("tenant-demo");
        for (var i = 0; i < blocks.Count; i++)
        {
            var body = blocks[i]
                .Replace("EMUS", harness.Emulator.HttpsUrl.TrimEnd('/'), StringComparison.Ordinal)
                .Replace("EMU", harness.Emulator.HttpUrl.TrimEnd('/'), StringComparison.Ordinal);
            body = Placeholder().Replace(body, JsonValue.Create(privateKey)!.ToJsonString()[1..^1]);
            using var response = await client.PostAsync($"/api/v1/integrations/{providers[i]}", new StringContent(body, Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{providers[i]} block {i}: {text}");
            var id = JsonNode.Parse(text)!["id"]!.GetValue<Guid>();
            var completed = await harness.CompletionAsync(id);
            Assert.True(completed.Complete, $"{providers[i]}: {completed.Error}");
            Assert.True(completed.AccountCount >= 2, $"{providers[i]} saw {completed.AccountCount} accounts");
        }
    }

    [GeneratedRegex("```json\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    [GeneratedRegex("<contents of demo-keys/demo-private\\.pem[^>]*>")]
    private static partial Regex Placeholder();
}
