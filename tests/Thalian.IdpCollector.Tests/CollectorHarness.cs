using Thalian.Contracts.Idp;
using Thalian.IdpEmulator;
using Thalian.Testing;

namespace Thalian.IdpCollector.Tests;

/// <summary>
/// The real collector on real PostgreSQL + RabbitMQ (own vhost and schema), an emulator it may reach, and a probe bus
/// that records what the collector publishes. Tests isolate themselves by tenant.
/// </summary>
public class CollectorHarness : IsolatedInfrastructure
{
    private MessageRecorder? probe;

    public RunningEmulator Emulator { get; private set; } = null!;
    public ServiceFactory<IdpCollectorService> Collector { get; private set; } = null!;
    public IReadOnlyList<IdpAccountsObserved> Observed => probe!.All<IdpAccountsObserved>();
    public IReadOnlyList<IdpSyncCompleted> Completed => probe!.All<IdpSyncCompleted>();
    public IReadOnlyList<IdpConnectionRemoved> Removed => probe!.All<IdpConnectionRemoved>();
    protected virtual bool AllowCustomEndpoints => true;
    protected virtual Scenario InitialScenario() => new()
    {
        Okta = Scenarios.Okta(), Entra = Scenarios.Entra(), Google = Scenarios.Google(), JumpCloud = Scenarios.JumpCloud(), OneLogin = Scenarios.OneLogin(),
    };

    protected virtual IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();
    private string certificatePath = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Emulator = await EmulatorHost.StartAsync(InitialScenario());
        certificatePath = Path.Combine(Path.GetTempPath(), $"idp-emulator-{Id}.pem");
        await File.WriteAllTextAsync(certificatePath, Emulator.Certificate.ExportCertificatePem());
        probe = await MessageRecorder.StartAsync(RabbitMqUri, typeof(IdpAccountsObserved), typeof(IdpSyncCompleted), typeof(IdpConnectionRemoved));
        var settings = new Dictionary<string, string?>
        {
            ["Thalian:Idp:AllowCustomEndpoints"] = AllowCustomEndpoints ? "true" : "false",
            ["Thalian:Idp:TrustedCertificatePath"] = certificatePath,
            ["Thalian:Idp:RetryBaseDelay"] = "00:00:00.005",
            ["Thalian:Idp:MaxRetries"] = "3",
            ["Thalian:Idp:SchedulerTick"] = "01:00:00",
            ["Thalian:Idp:BatchSize"] = "4",
        };
        foreach (var (key, value) in ExtraSettings)
        {
            settings[key] = value;
        }
        Collector = new ServiceFactory<IdpCollectorService>(this, "idp_collector", settings);
        _ = Collector.Server;
    }

    public override async Task DisposeAsync()
    {
        await Collector.DisposeAsync();
        if (probe is not null)
        {
            await probe.DisposeAsync();
        }
        await Emulator.DisposeAsync();
        File.Delete(certificatePath);
        await base.DisposeAsync();
    }

    public Task<IdpSyncCompleted> CompletionAsync(Guid connectionId, int nth = 1) =>
        Eventually.Get(() => Task.FromResult(Completed.Where(c => c.ConnectionId == connectionId).OrderBy(c => c.CompletedAt).Skip(nth - 1).FirstOrDefault()),
            what: $"sync #{nth} of {connectionId} to complete");

    /// <summary>Connect bodies per vendor that point at this emulator.</summary>
    public object ConnectBody(string provider, string? secretOverride = null) => provider switch
    {
        IdpProviders.Okta => new { displayName = "Okta", orgUrl = $"{Emulator.HttpUrl}/okta", apiToken = secretOverride ?? "okta-test-token" },
        IdpProviders.Entra => new
        {
            displayName = "Entra", tenantId = "tenant-1", clientId = "entra-app", clientSecret = secretOverride ?? "entra-secret",
            authorityHost = Emulator.HttpsUrl, graphBaseUrl = $"{Emulator.HttpsUrl}/graph/v1.0",
        },
        IdpProviders.GoogleWorkspace => new
        {
            displayName = "Google", adminEmail = "admin@example.com",
            serviceAccountKey = EmulatorFixture.ServiceAccountKey(secretOverride ?? TestKeys.PrivatePem),
            tokenUri = $"{Emulator.HttpUrl}/google/token", directoryBaseUrl = $"{Emulator.HttpUrl}/google",
        },
        IdpProviders.JumpCloud => new { displayName = "JumpCloud", apiKey = secretOverride ?? "jc-key", region = "US", baseUrl = $"{Emulator.HttpUrl}/jumpcloud" },
        _ => new { displayName = "OneLogin", clientId = "ol-client", clientSecret = secretOverride ?? "ol-secret", baseUrl = $"{Emulator.HttpUrl}/onelogin" },
    };

    public static int ExpectedAccounts(string provider) => provider switch
    {
        IdpProviders.Okta => Scenarios.OktaStatuses.Length + 1,
        IdpProviders.Entra => 8,
        IdpProviders.GoogleWorkspace => 7,
        IdpProviders.JumpCloud => 7,
        _ => Scenarios.OneLoginCodes.Length,
    };
}
