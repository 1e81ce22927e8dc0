using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Thalian.AwsCollector.Tests.Fixtures;

/// <summary>
/// moto on a free port, seeded by moto_seed.py, with signature and permission checks on for every request the
/// collector makes (INITIAL_NO_AUTH_ACTION_COUNT is spent by the seeding).
/// </summary>
public sealed class MotoServer(string seedScript = "moto_seed.py") : IAsyncLifetime
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);
    private Process? process;

    public Uri Endpoint { get; private set; } = null!;
    public MotoSeed Seed => SeedOutput.Deserialize<MotoSeed>(WebJson)!;

    /// <summary>The seed script's JSON output.</summary>
    public JsonElement SeedOutput { get; private set; }

    public async Task InitializeAsync()
    {
        await RequireMotoAsync();
        var port = FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("python3", $"-m moto.server -H 127.0.0.1 -p {port}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true";
        start.Environment["INITIAL_NO_AUTH_ACTION_COUNT"] = "60";
        process = Process.Start(start) ?? throw new InvalidOperationException("python3 -m moto.server did not start; is moto installed (pip install \"moto[server]\")?");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient();
        await Thalian.Testing.Eventually.True(async () =>
        {
            try
            {
                using var response = await http.GetAsync(new Uri(Endpoint, "moto-api/"));
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), "moto to listen");
        SeedOutput = await SeedAsync();
    }

    private static async Task RequireMotoAsync()
    {
        using var check = Process.Start(new ProcessStartInfo("python3", "-c \"import moto, boto3\"") { RedirectStandardError = true })
            ?? throw new InvalidOperationException("python3 is not on PATH; the moto tests need it.");
        await check.WaitForExitAsync();
        if (check.ExitCode != 0)
        {
            throw new InvalidOperationException("moto is not installed for python3: run pip install \"moto[server]\" (see infra-notes).");
        }
    }

    private async Task<JsonElement> SeedAsync()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Fixtures", seedScript);
        var seed = new ProcessStartInfo("python3", $"{script} {Endpoint}") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var run = Process.Start(seed)!;
        var output = await run.StandardOutput.ReadToEndAsync();
        var errors = await run.StandardError.ReadToEndAsync();
        await run.WaitForExitAsync();
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"Seeding moto failed: {errors}");
        }
        return JsonSerializer.Deserialize<JsonElement>(output);
    }

    public Task DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
        }
        process?.Dispose();
        return Task.CompletedTask;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed record MotoSeed(string Account1, string Account2, Dictionary<string, string[]> Keys, string RoleArn, string ExternalId);
