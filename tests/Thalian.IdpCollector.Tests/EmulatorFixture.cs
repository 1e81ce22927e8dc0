using System.Text.Json;
using Microsoft.Extensions.Options;
using Thalian.Contracts.Idp;
using Thalian.IdpCollector.Connecting;
using Thalian.IdpCollector.ReadingDirectories;
using Thalian.IdpEmulator;

namespace Thalian.IdpCollector.Tests;

/// <summary>One in-process emulator per test class (http + https), and the production client factory pointed at it.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public RunningEmulator Emulator { get; private set; } = null!;
    public string CertificatePath { get; } = Path.Combine(Path.GetTempPath(), $"idp-emulator-{Guid.NewGuid():N}.pem");
    public IdpOptions Options { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Emulator = await EmulatorHost.StartAsync(new Scenario());
        await File.WriteAllTextAsync(CertificatePath, Emulator.Certificate.ExportCertificatePem());
        Options = new IdpOptions
        {
            AllowCustomEndpoints = true, TrustedCertificatePath = CertificatePath, RetryBaseDelay = TimeSpan.FromMilliseconds(5), MaxRetries = 3,
        };
    }

    public async Task DisposeAsync()
    {
        await Emulator.DisposeAsync();
        File.Delete(CertificatePath);
    }

    public void Use(Scenario scenario) => Emulator.State.Replace(scenario);

    public IDirectoryClient Client(string provider, ConnectionSettings settings, ConnectionSecrets secrets, RequestStats? stats = null)
    {
        var http = new VendorHttp(Microsoft.Extensions.Options.Options.Create(Options));
        return new DirectoryClientFactory(http, Microsoft.Extensions.Options.Options.Create(Options), TimeProvider.System)
            .Create(provider, settings, secrets, stats ?? new RequestStats());
    }

    public static async Task<List<IdpAccountObservation>> ListAsync(IDirectoryClient client)
    {
        var accounts = new List<IdpAccountObservation>();
        await foreach (var account in client.ListAccountsAsync(CancellationToken.None))
        {
            accounts.Add(account);
        }
        return accounts;
    }

    // Connection settings as the connect API would store them, pointing at this emulator.
    public ConnectionSettings OktaSettings => new() { BaseUrl = $"{Emulator.HttpUrl}/okta", ClientId = "0oatestclient" };
    public ConnectionSettings EntraSettings => new()
    {
        TenantId = "tenant-1", ClientId = "entra-app", AuthorityHost = Emulator.HttpsUrl, GraphBaseUrl = $"{Emulator.HttpsUrl}/graph/v1.0",
    };
    public ConnectionSettings GoogleSettings => new()
    {
        AdminEmail = "admin@example.com", Customer = "my_customer", TokenUri = $"{Emulator.HttpUrl}/google/token", DirectoryBaseUrl = $"{Emulator.HttpUrl}/google",
    };
    public ConnectionSettings JumpCloudSettings => new() { BaseUrl = $"{Emulator.HttpUrl}/jumpcloud", Region = "US" };
    public ConnectionSettings OneLoginSettings => new() { BaseUrl = $"{Emulator.HttpUrl}/onelogin", ClientId = "ol-client" };

    public static string ServiceAccountKey(string privatePem, string email = "sa@test.iam.gserviceaccount.com") => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["type"] = "service_account", ["project_id"] = "test", ["private_key_id"] = "k1", ["private_key"] = privatePem,
        ["client_email"] = email, ["client_id"] = "123", ["token_uri"] = "https://oauth2.googleapis.com/token",
    });

    public static IReadOnlyList<string> ProviderNames => IdpProviders.All;
}
