using System.Diagnostics;
using System.Net.Http.Json;
using Npgsql;
using Thalian.Resilience.Tests.Observing;
using Thalian.Resilience.Tests.Platform;
using Thalian.Testing;

namespace Thalian.Resilience.Tests.Faults;

/// <summary>
/// One scenario's tenant: a webhook destination of its own (every finding event must reach it once, in order), then the
/// company connected; lets a fault be injected at a chosen moment, then compares.
/// </summary>
public sealed class ScenarioRun(PlatformFixture fixture, Tenant tenant) : IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(8);

    public Tenant Tenant { get; } = tenant;
    public IReadOnlyList<Guid> ConnectionIds { get; private set; } = [];
    public WebhookReceiver Receiver { get; } = new();
    private RunningPlatform Platform => fixture.Platform;

    public static async Task<ScenarioRun> StartAsync(PlatformFixture fixture, string name, string? awsScenario = null, string? idpScenario = null)
    {
        await fixture.Platform.SetAwsScenarioAsync(awsScenario ?? Company.AwsScenario());
        await fixture.Platform.SetIdpScenarioAsync(idpScenario ?? Company.IdpScenario());
        var run = new ScenarioRun(fixture, await fixture.Platform.CreateTenantAsync(name));
        await run.Receiver.StartAsync();
        await run.AddWebhookAsync();
        Progress.Log($"{name}: tenant {run.Tenant.Id} connecting");
        run.ConnectionIds = await fixture.ConnectAsync(run.Tenant);
        return run;
    }

    private async Task AddWebhookAsync()
    {
        using var api = Platform.Api(Tenant);
        using var response = await api.PostAsJsonAsync("/api/v1/destinations", new
        {
            type = "webhook", displayName = "Fault suite receiver", settings = new { url = Receiver.Url },
            secrets = new Dictionary<string, string> { ["signingSecret"] = Receiver.Secret },
        });
        Assert.True(response.IsSuccessStatusCode, $"POST /api/v1/destinations answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The delivery service is sending this tenant's finding events: the receiver has some, not all.</summary>
    public Task MidDeliveryAsync() => Eventually.True(() => Task.FromResult(Receiver.Accepted.Count >= 20), Bound, "the first webhook deliveries");

    /// <summary>The AWS collector is paging: a good part, not all, of the fault-free run's requests have been served.</summary>
    public Task MidAwsSyncAsync() =>
        Eventually.True(async () => await Platform.AwsRequestsAsync() >= fixture.BaselineAwsRequests * 2 / 5, Bound, "the AWS sync under way");

    /// <summary>The IdP collector is paging: it is waiting out the throttle on page 4 of the Okta listing.</summary>
    public Task MidIdpSyncAsync() => Eventually.True(async () => await Platform.OktaRequestsAsync() >= 4, Bound, "the IdP sync under way");

    /// <summary>Correlation has started appending this tenant's identity events.</summary>
    public Task MidCorrelationIngestAsync() => WaitForEventsAsync("correlation");

    /// <summary>Findings has started appending this tenant's finding events.</summary>
    public Task MidFindingsEvaluationAsync() => WaitForEventsAsync("findings");

    private Task WaitForEventsAsync(string schema) => Eventually.True(async () =>
    {
        await using var db = new NpgsqlConnection(Platform.Postgres.ConnectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand($"select exists (select 1 from {schema}.mt_events where tenant_id = $1)", db);
        command.Parameters.AddWithValue(Tenant.Id);
        return (bool)(await command.ExecuteScalarAsync())!;
    }, Bound, $"{schema} appending events of {Tenant.Id}");

    /// <summary>How many of this tenant's events in correlation have a type starting with <paramref name="typePrefix"/>.</summary>
    public async Task<long> CorrelationEventsAsync(string typePrefix)
    {
        await using var db = new NpgsqlConnection(Platform.Postgres.ConnectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from correlation.mt_events where tenant_id = $1 and type like $2", db);
        command.Parameters.AddWithValue(Tenant.Id);
        command.Parameters.AddWithValue(typePrefix + "%");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Waits (generously; no timing is asserted) until the tenant equals the fault-free run and its receiver has every
    /// finding event, then checks again a few seconds later so a late duplicate or resolution is still caught; records
    /// the row and asserts.
    /// </summary>
    public async Task<Outcome> CompareWithBaselineAsync(string fault)
    {
        var clock = Stopwatch.StartNew();
        Outcome? last = null;
        var logged = TimeSpan.Zero;
        try
        {
            await Eventually.True(async () =>
            {
                try
                {
                    last = await Outcome.ReadAsync(Platform, Tenant);
                    var comparison = Comparison.Of(fixture.Baseline, last);
                    var deliveries = await Deliveries.ReadAsync(Platform, Tenant.Id, Receiver);
                    if (clock.Elapsed - logged > TimeSpan.FromSeconds(15))
                    {
                        logged = clock.Elapsed;
                        Progress.Log($"{fault}: settled={last.Settled} [{string.Join("; ", last.Integrations)}] unsettled runs={last.UnsettledRuns}; {comparison}; webhook: {deliveries}");
                    }
                    return last.Settled && comparison.Same && deliveries.Complete;
                }
                catch (Exception e) when (e is HttpRequestException or NpgsqlException or TaskCanceledException or System.Text.Json.JsonException)
                {
                    return false; // the platform is still recovering
                }
            }, Bound, fault);
        }
        catch (TimeoutException)
        {
            // Reported below with the differences.
        }
        var toRecover = clock.Elapsed;
        Progress.Log($"{fault}: compared after {toRecover.TotalSeconds:0} s");
        await Task.Delay(TimeSpan.FromSeconds(5));
        last = await Outcome.ReadAsync(Platform, Tenant);
        var comparison = Comparison.Of(fixture.Baseline, last);
        var delivered = await Deliveries.ReadAsync(Platform, Tenant.Id, Receiver);
        fixture.Results.Add(fault, comparison, delivered, toRecover);
        Progress.Log($"{fault}: {comparison}; webhook: {delivered}");
        Assert.True(last.Settled, $"{fault}: not settled: {string.Join("; ", last.Integrations)}; unsettled runs in correlation: {last.UnsettledRuns}");
        Assert.True(comparison.Same, $"{fault}: {comparison}");
        Assert.True(delivered.Complete, $"{fault}: webhook {delivered}");
        Assert.All(last.Integrations, i => Assert.True(i.Complete == true || !string.IsNullOrWhiteSpace(i.Error), $"{i.Type} failed without a reason"));
        return last;
    }

    public ValueTask DisposeAsync() => Receiver.DisposeAsync();
}
