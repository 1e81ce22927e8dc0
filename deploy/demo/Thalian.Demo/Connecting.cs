using System.Net.Http.Json;
using System.Text.Json;

namespace Thalian.Demo;

/// <summary>
/// Connects the demo's AWS accounts and IdPs through the public API, exactly as a user would with curl. The request
/// bodies live in deploy/demo/connections.json, with the emulator addresses and the demo key filled in.
/// </summary>
public static class Connecting
{
    public static async Task ConnectAllAsync(HttpClient api, DemoOptions options)
    {
        foreach (var connection in Load(options))
        {
            var name = connection.GetProperty("name").GetString()!;
            var path = connection.GetProperty("path").GetString()!;
            using var response = await api.PostAsJsonAsync(path, connection.GetProperty("body"));
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Connecting {name} failed: POST {path} answered {(int)response.StatusCode}: {text}");
            }
            Console.WriteLine($"[demo] connected {name}");
        }
    }

    private static List<JsonElement> Load(DemoOptions options)
    {
        var privateKey = File.ReadAllText(Path.Combine(options.RepoRoot, "tests", "Emulators", "Thalian.IdpEmulator", "demo-keys", "demo-private.pem"));
        var text = File.ReadAllText(Path.Combine(options.DemoDir, "connections.json"))
            .Replace("${AWS_EMULATOR}", Escaped(options.AwsEmulator), StringComparison.Ordinal)
            .Replace("${IDP_EMULATOR_HTTPS}", Escaped(options.IdpEmulatorHttps), StringComparison.Ordinal)
            .Replace("${IDP_EMULATOR}", Escaped(options.IdpEmulator), StringComparison.Ordinal)
            .Replace("${DEMO_PRIVATE_KEY}", Escaped(privateKey), StringComparison.Ordinal);
        using var document = JsonDocument.Parse(text);
        return [.. document.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    private static string Escaped(string value) => JsonSerializer.Serialize(value)[1..^1];
}
