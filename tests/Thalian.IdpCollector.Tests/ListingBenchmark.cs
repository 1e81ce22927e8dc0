using System.Diagnostics;
using System.Globalization;
using Thalian.Contracts.Idp;
using Thalian.IdpCollector.Connecting;
using Thalian.IdpCollector.ReadingDirectories;
using Thalian.IdpEmulator;
using Xunit.Abstractions;

namespace Thalian.IdpCollector.Tests;

/// <summary>
/// Large directories page with exactly the number of requests the vendor's maximum page size allows. Runs with 2,000
/// accounts by default; THALIAN_IDP_BENCHMARK_ACCOUNTS=100000 turns it into the benchmark (numbers in the output).
/// </summary>
public sealed class Listing_a_large_directory(EmulatorFixture fx, ITestOutputHelper output) : IClassFixture<EmulatorFixture>
{
    private static readonly int Accounts =
        int.TryParse(Environment.GetEnvironmentVariable("THALIAN_IDP_BENCHMARK_ACCOUNTS"), CultureInfo.InvariantCulture, out var n) ? n : 2000;

    [Theory]
    [InlineData(IdpProviders.Okta, 200)]
    [InlineData(IdpProviders.Entra, 999)]
    [InlineData(IdpProviders.GoogleWorkspace, 500)]
    [InlineData(IdpProviders.JumpCloud, 100)]
    [InlineData(IdpProviders.OneLogin, 100)]
    public async Task Uses_the_fewest_requests_the_page_size_allows(string provider, int pageSize)
    {
        var hidden = provider is IdpProviders.JumpCloud or IdpProviders.OneLogin ? 0 : Accounts / 10;
        var generate = new GenerateSpec(Accounts - hidden, hidden);
        fx.Use(ScenarioFor(provider, generate));
        var stats = new RequestStats();
        using var client = fx.Client(provider, SettingsFor(provider), SecretsFor(provider), stats);
        await client.VerifyAsync(CancellationToken.None); // builds the emulator's population outside the measurement
        var warmup = stats.Requests;

        GC.Collect();
        var baseline = GC.GetTotalMemory(true);
        long peak = 0;
        var seen = 0;
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await foreach (var _ in client.ListAccountsAsync(CancellationToken.None))
        {
            if (++seen % 1000 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false) - baseline);
            }
        }
        clock.Stop();

        var requests = stats.Requests - warmup;
        var expected = Pages(Accounts - hidden, pageSize) + (provider is IdpProviders.JumpCloud or IdpProviders.OneLogin ? 0 : Pages(hidden, pageSize));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{provider}: {seen} accounts, {clock.Elapsed.TotalSeconds:F1} s, {requests} requests, {stats.Throttled} throttled, peak managed heap growth {peak / 1024 / 1024} MiB, started at second {startedAt.Second + (startedAt.Millisecond / 1000.0):F1} of the minute"));
        Assert.Equal(Accounts, seen);
        Assert.Equal(expected, requests - stats.Throttled);
    }

    /// <summary>THALIAN_IDP_BENCHMARK_RPM makes the emulator enforce a per-minute request budget (the vendor's documented limit).</summary>
    private static readonly int? RequestsPerMinute =
        int.TryParse(Environment.GetEnvironmentVariable("THALIAN_IDP_BENCHMARK_RPM"), CultureInfo.InvariantCulture, out var rpm) ? rpm : null;

    private static int Pages(int count, int size) => Math.Max(1, (count + size - 1) / size);

    private static Scenario ScenarioFor(string provider, GenerateSpec generate)
    {
        var scenario = new Scenario
        {
            Okta = Scenarios.Okta(), Entra = Scenarios.Entra(), Google = Scenarios.Google(), JumpCloud = Scenarios.JumpCloud(), OneLogin = Scenarios.OneLogin(),
        };
        VendorScenario vendor = provider switch
        {
            IdpProviders.Okta => scenario.Okta,
            IdpProviders.Entra => scenario.Entra,
            IdpProviders.GoogleWorkspace => scenario.Google,
            IdpProviders.JumpCloud => scenario.JumpCloud,
            _ => scenario.OneLogin,
        };
        vendor.Users.Clear();
        vendor.MaxPageSize = null;
        vendor.Generate = generate;
        vendor.RateLimit = RequestsPerMinute is { } limit ? new RateLimitSpec(limit) : null;
        if (vendor is EntraScenario entra)
        {
            entra.DeletedUsers.Clear();
        }
        if (vendor is GoogleScenario google)
        {
            google.DeletedUsers.Clear();
        }
        return scenario;
    }

    private ConnectionSettings SettingsFor(string provider) => provider switch
    {
        IdpProviders.Okta => fx.OktaSettings,
        IdpProviders.Entra => fx.EntraSettings,
        IdpProviders.GoogleWorkspace => fx.GoogleSettings,
        IdpProviders.JumpCloud => fx.JumpCloudSettings,
        _ => fx.OneLoginSettings,
    };

    private static ConnectionSecrets SecretsFor(string provider) => provider switch
    {
        IdpProviders.Okta => new() { ApiToken = "okta-test-token" },
        IdpProviders.Entra => new() { ClientSecret = "entra-secret" },
        IdpProviders.GoogleWorkspace => new() { ServiceAccountKey = EmulatorFixture.ServiceAccountKey(TestKeys.PrivatePem) },
        IdpProviders.JumpCloud => new() { ApiKey = "jc-key" },
        _ => new() { ClientSecret = "ol-secret" },
    };
}
