using System.Diagnostics;
using System.Net.Http.Json;
using Thalian.Resilience.Tests.Observing;
using Thalian.Resilience.Tests.Platform;
using Thalian.Testing;

namespace Thalian.Resilience.Tests.Faults;

[CollectionDefinition(Name)]
public sealed class FaultSuite : ICollectionFixture<PlatformFixture>
{
    public const string Name = "fault suite";
}

/// <summary>
/// One platform for the whole suite and one fault-free run of the company (its own tenant) that every faulted run is
/// compared with. Each scenario gets a tenant of its own, so runs never mix.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public RunningPlatform Platform { get; private set; } = null!;
    public Outcome Baseline { get; private set; } = null!;
    public int BaselineAwsRequests { get; private set; }
    public TimeSpan BaselineDuration { get; private set; }
    public ResultsTable Results { get; } = new();

    public async Task InitializeAsync()
    {
        Platform = await RunningPlatform.StartAsync(
            Company.WriteScenario(Company.AwsScenario(), "aws"), Company.WriteScenario(Company.IdpScenario(), "idp"));
        Progress.Log($"platform up (logs in {Platform.LogDirectory}); fault-free run starting");
        var clock = Stopwatch.StartNew();
        var tenant = await Platform.CreateTenantAsync("baseline");
        await ConnectAsync(tenant);
        Baseline = await SettledAsync(tenant);
        BaselineDuration = clock.Elapsed;
        BaselineAwsRequests = await Platform.AwsRequestsAsync();
        Assert.True(Baseline.OpenFindings.Count > 100, $"The company should have findings; the baseline has {Baseline.OpenFindings.Count}.");
        Assert.All(Baseline.Integrations, i => Assert.True(i.Complete, $"baseline {i.Type} sync incomplete: {i.Error}"));
        Results.Baseline(Baseline, BaselineDuration);
        Progress.Log($"fault-free run: {Baseline.OpenFindings.Count} open findings, {BaselineAwsRequests} AWS requests, {BaselineDuration.TotalSeconds:0} s");
    }

    public async Task<IReadOnlyList<Guid>> ConnectAsync(Tenant tenant)
    {
        using var api = Platform.Api(tenant);
        var ids = new List<Guid>();
        foreach (var (path, body) in new[] { ("/api/v1/integrations/aws", Company.AwsConnectRequest()), ("/api/v1/integrations/okta", Company.OktaConnectRequest(Platform.IdpEmulator)) })
        {
            using var response = await api.PostAsJsonAsync(path, body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {(int)response.StatusCode}: {text}");
            ids.Add((await response.Content.ReadFromJsonAsync<ConnectedId>())!.Id);
        }
        return ids;
    }

    /// <summary>
    /// Both runs settled and no finding transition for a while (the fault-free run has nothing to compare with). The
    /// quiet period is longer than any pause of the pipeline: findings evaluates the IdP rules only after the IdP run settles.
    /// </summary>
    private async Task<Outcome> SettledAsync(Tenant tenant)
    {
        Outcome? previous = null;
        var quiet = 0;
        return await Eventually.Get(async () =>
        {
            Outcome outcome;
            try
            {
                outcome = await Outcome.ReadAsync(Platform, tenant);
            }
            catch (Npgsql.PostgresException)
            {
                return null; // a schema not created yet
            }
            var same = previous is not null && outcome.Settled && outcome.OpenFindings.SetEquals(previous.OpenFindings)
                && outcome.Transitions.Values.Sum(t => t.Length) == previous.Transitions.Values.Sum(t => t.Length);
            quiet = same ? quiet + 1 : 0;
            previous = outcome;
            await Task.Delay(1000);
            return quiet >= 20 ? outcome : null;
        }, TimeSpan.FromMinutes(10), "the fault-free run to settle");
    }

    public async Task DisposeAsync()
    {
        Results.Write(Path.Combine(RepoPaths.Root, ".run", "faults", "results.md"));
        await Platform.DisposeAsync();
    }

    private sealed record ConnectedId(Guid Id);
}
