using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Thalian.Resilience.Tests.Infrastructure;
using Thalian.Testing;

namespace Thalian.Resilience.Tests.Platform;

public sealed record Tenant(string Id, string Key);

/// <summary>
/// The whole platform as processes — six services and the two emulators — on free ports, against the suite's own
/// PostgreSQL cluster and RabbitMQ node. Faults are injected through it: stop/start the broker or the database, kill -9 a service.
/// </summary>
public sealed class RunningPlatform : IAsyncDisposable
{
    public static readonly string[] ServiceNames = ["AwsCollector", "IdpCollector", "Correlation", "Findings", "Delivery", "Gateway"];
    private readonly Dictionary<string, ServiceProcess> services = [];
    private readonly Dictionary<string, int> ports = [];
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private RunningPlatform(PrivatePostgres postgres, PrivateRabbitMq rabbit, string logDirectory)
    {
        Postgres = postgres;
        Rabbit = rabbit;
        LogDirectory = logDirectory;
    }

    public PrivatePostgres Postgres { get; }
    public PrivateRabbitMq Rabbit { get; }
    public string LogDirectory { get; }
    public Uri Gateway => Url("Gateway");
    public Uri AwsEmulator => Url("AwsEmulator");
    public Uri IdpEmulator => Url("IdpEmulator");

    public Uri Url(string name) => new($"http://127.0.0.1:{ports[name]}/");

    public static async Task<RunningPlatform> StartAsync(string awsScenarioPath, string idpScenarioPath)
    {
        var logs = Path.Combine(RepoPaths.Root, ".run", "faults", "logs");
        if (Directory.Exists(logs))
        {
            Directory.Delete(logs, recursive: true);
        }
        Directory.CreateDirectory(logs);
        var postgresTask = PrivatePostgres.StartAsync();
        var rabbitTask = PrivateRabbitMq.StartAsync();
        var platform = new RunningPlatform(await postgresTask, await rabbitTask, logs);
        platform.Add("AwsEmulator", "tests/Emulators/Thalian.AwsEmulator", ["--scenario", awsScenarioPath], new Dictionary<string, string>());
        platform.Add("IdpEmulator", "tests/Emulators/Thalian.IdpEmulator", ["--scenario", idpScenarioPath], new Dictionary<string, string>());
        foreach (var name in ServiceNames)
        {
            platform.ports[name] = FreePorts.Tcp();
        }
        foreach (var name in ServiceNames)
        {
            platform.Add(name, $"services/{name}/Thalian.{name}", [], platform.ServiceEnvironment(name));
        }
        foreach (var process in platform.services.Values)
        {
            process.Start();
        }
        await Task.WhenAll(platform.services.Keys.Select(platform.WaitReadyAsync));
        return platform;
    }

    private void Add(string name, string project, string[] arguments, Dictionary<string, string> environment)
    {
        ports.TryAdd(name, FreePorts.Tcp());
        var dll = RepoPaths.Dll(project, Path.GetFileName(project));
        services[name] = new ServiceProcess(name, dll, RepoPaths.ProjectDirectory(project),
            [.. arguments, "--urls", $"http://127.0.0.1:{ports[name]}"], environment, LogDirectory);
    }

    private Dictionary<string, string> ServiceEnvironment(string name)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Postgres"] = Postgres.ConnectionString,
            ["ConnectionStrings__RabbitMq"] = Rabbit.AmqpUri.ToString(),
            ["Thalian__Internal__TokenPublicKeysFile"] = TestTokenKeys.PublicKeysPath,
            ["Thalian__KeyRing__Certificate"] = TestKeyRing.CertificatePath,
            ["Thalian__Aws__EndpointOverride"] = $"http://127.0.0.1:{ports["AwsEmulator"]}",
            ["Thalian__Aws__SchedulerTick"] = "00:00:05",
            ["Thalian__Idp__SchedulerTick"] = "00:00:05",
            ["Thalian__Aws__FailedSyncRetryInterval"] = "00:00:30",
            ["Thalian__Idp__FailedSyncRetryInterval"] = "00:00:30",
            ["Thalian__Idp__AllowCustomEndpoints"] = "true",
            // Failing IdP pages are retried quickly, so "half-way" failures end in seconds rather than a minute.
            ["Thalian__Idp__RetryBaseDelay"] = "00:00:00.250",
            // Per-request HTTP logging would make the logs (and the CPU) mostly about logging.
            ["Logging__LogLevel__System.Net.Http.HttpClient"] = "Warning",
            ["Logging__LogLevel__Polly"] = "Warning",
            ["Logging__LogLevel__Yarp"] = "Warning",
            // The suite's webhook receivers listen on plain http on loopback; a receiver back from an outage is retried within seconds.
            ["Delivery__AllowInsecureHttp"] = "true",
            ["Delivery__RetryBaseDelay"] = "00:00:01",
            ["Delivery__RetryMaxDelay"] = "00:00:05",
        };
        if (name == "Gateway")
        {
            environment["Thalian__Internal__TokenSigningKeyFile"] = TestTokenKeys.SigningKeyPath;
            foreach (var (cluster, service) in new[] { ("aws-collector", "AwsCollector"), ("idp-collector", "IdpCollector"), ("correlation", "Correlation"),
                ("findings", "Findings"), ("delivery", "Delivery") })
            {
                environment[$"ReverseProxy__Clusters__{cluster}__Destinations__primary__Address"] = $"http://127.0.0.1:{ports[service]}/";
            }
        }
        return environment;
    }

    public async Task WaitReadyAsync(string name)
    {
        var probe = name.EndsWith("Emulator", StringComparison.Ordinal) ? "health" : "health/ready";
        await Eventually.True(async () =>
        {
            try
            {
                using var response = await http.GetAsync(new Uri(Url(name), probe));
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromMinutes(3), $"{name} ready (see {LogDirectory})");
    }

    /// <summary>kill -9, the given pause, start again, wait until ready.</summary>
    public async Task CrashAndRestartAsync(string name, TimeSpan down)
    {
        await services[name].KillAsync();
        await Task.Delay(down);
        services[name].Start();
        await WaitReadyAsync(name);
    }

    /// <summary>The service process's peak resident set (VmHWM), in MiB.</summary>
    public double PeakRssMiB(string name)
    {
        var pid = services[name].ProcessId ?? throw new InvalidOperationException($"{name} is not running.");
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
    }

    public async Task<JsonElement> HealthAsync(string name)
    {
        using var response = await http.GetAsync(new Uri(Url(name), "health/ready"));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>A tenant and its admin key, made with the gateway's own command line, as an operator would (a sandbox tenant: it syncs from the emulators).</summary>
    public async Task<Tenant> CreateTenantAsync(string name)
    {
        var gateway = "services/Gateway/Thalian.Gateway";
        var printed = await Shell.RunAsync("dotnet",
            [RepoPaths.Dll(gateway, "Thalian.Gateway"), "create-tenant", "--contentRoot", RepoPaths.ProjectDirectory(gateway), "--name", name,
             "--admin-key-name", "faults", "--sandbox", "--json"],
            ServiceEnvironment("Gateway"));
        using var json = JsonDocument.Parse(printed);
        return new Tenant(json.RootElement.GetProperty("tenantId").GetString()!, json.RootElement.GetProperty("key").GetString()!);
    }

    public HttpClient Api(Tenant tenant)
    {
        var client = new HttpClient { BaseAddress = Gateway, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.Key);
        return client;
    }

    public async Task SetAwsScenarioAsync(string json) =>
        (await http.PutAsync(new Uri(AwsEmulator, "emulator/scenario"), new StringContent(json, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

    public async Task SetIdpScenarioAsync(string json) =>
        (await http.PutAsync(new Uri(IdpEmulator, "_emulator/scenario"), new StringContent(json, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

    /// <summary>Signed requests the AWS emulator served since its scenario was last set.</summary>
    public async Task<int> AwsRequestsAsync()
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri(AwsEmulator, "emulator/requests")));
        return json.RootElement.GetArrayLength();
    }

    /// <summary>Okta requests the IdP emulator served since its scenario was last set.</summary>
    public async Task<int> OktaRequestsAsync()
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri(IdpEmulator, "_emulator/requests")));
        return json.RootElement.TryGetProperty("okta", out var okta) && okta.ValueKind == JsonValueKind.Number ? okta.GetInt32() : 0;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in services.Values)
        {
            await process.DisposeAsync();
        }
        await Rabbit.DisposeAsync();
        await Postgres.DisposeAsync();
        http.Dispose();
    }
}
