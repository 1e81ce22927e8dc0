using System.Net.Http.Json;
using Thalian.Resilience.Tests.Observing;
using Thalian.Resilience.Tests.Platform;
using Thalian.Testing;

namespace Thalian.Resilience.Tests.Faults;

/// <summary>
/// Every fault of issue 15, each on its own tenant of the same company, each compared with the fault-free run: same open
/// findings, same transitions on every finding stream, nothing deleted, every run settled or failed with a reason, and
/// every finding event delivered to the tenant's webhook once and in order.
/// </summary>
[Collection(FaultSuite.Name)]
public sealed class When_the_platform_fails_mid_sync(PlatformFixture fixture)
{
    private static readonly TimeSpan BrokerOutage = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReceiverOutage = TimeSpan.FromSeconds(30);
    private RunningPlatform Platform => fixture.Platform;

    [Fact]
    public async Task RabbitMQ_stopped_for_30_s_in_the_middle_of_an_AWS_sync_loses_and_repeats_nothing()
    {
        await using var run = await ScenarioRun.StartAsync(fixture, "broker-mid-aws");
        await run.MidAwsSyncAsync();
        await StopBrokerAsync(BrokerOutage);
        await run.CompareWithBaselineAsync("RabbitMQ stopped 30 s mid AWS sync");
    }

    [Fact]
    public async Task RabbitMQ_stopped_for_30_s_in_the_middle_of_an_IdP_sync_loses_and_repeats_nothing()
    {
        await using var run = await ScenarioRun.StartAsync(fixture, "broker-mid-idp");
        await run.MidIdpSyncAsync();
        await StopBrokerAsync(BrokerOutage);
        await run.CompareWithBaselineAsync("RabbitMQ stopped 30 s mid IdP sync");
    }

    [Fact]
    public async Task PostgreSQL_restarted_in_the_middle_of_correlation_ingest_loses_and_repeats_nothing()
    {
        await using var run = await ScenarioRun.StartAsync(fixture, "postgres-mid-ingest");
        await run.MidCorrelationIngestAsync();
        await RestartDatabaseAsync();
        await run.CompareWithBaselineAsync("PostgreSQL restarted mid correlation ingest");
    }

    [Fact]
    public async Task PostgreSQL_restarted_in_the_middle_of_findings_evaluation_loses_and_repeats_nothing()
    {
        await using var run = await ScenarioRun.StartAsync(fixture, "postgres-mid-evaluation");
        await run.MidFindingsEvaluationAsync();
        await RestartDatabaseAsync();
        await run.CompareWithBaselineAsync("PostgreSQL restarted mid findings evaluation");
    }

    [Theory]
    [InlineData("AwsCollector")]
    [InlineData("IdpCollector")]
    [InlineData("Correlation")]
    [InlineData("Findings")]
    [InlineData("Delivery")]
    [InlineData("Gateway")]
    public async Task A_service_killed_mid_sync_and_restarted_5_s_later_loses_and_repeats_nothing(string service)
    {
        await using var run = await ScenarioRun.StartAsync(fixture, $"kill-{service}");
        await (service switch
        {
            "IdpCollector" => run.MidIdpSyncAsync(),
            "Correlation" => run.MidCorrelationIngestAsync(),
            "Findings" => run.MidFindingsEvaluationAsync(),
            "Delivery" => run.MidDeliveryAsync(),
            _ => run.MidAwsSyncAsync(),
        });
        await Platform.CrashAndRestartAsync(service, TimeSpan.FromSeconds(5));
        await run.CompareWithBaselineAsync($"kill -9 {service} mid sync, restarted after 5 s");
    }

    [Fact]
    public async Task A_webhook_receiver_down_for_30_s_mid_delivery_then_back_gets_every_event_once_and_in_order()
    {
        await using var run = await ScenarioRun.StartAsync(fixture, "receiver-down");
        await run.MidDeliveryAsync();
        await run.Receiver.StopAsync();
        await Task.Delay(ReceiverOutage);
        await run.Receiver.StartAsync();
        await run.CompareWithBaselineAsync("webhook receiver down 30 s mid delivery, then back");
        Assert.Equal(0, run.Receiver.Resent);
    }

    [Fact]
    public async Task RabbitMQ_stopped_for_30_s_in_the_middle_of_delivery_loses_and_repeats_nothing()
    {
        await using var run = await ScenarioRun.StartAsync(fixture, "broker-mid-delivery");
        await run.MidDeliveryAsync();
        await StopBrokerAsync(BrokerOutage);
        await run.CompareWithBaselineAsync("RabbitMQ stopped 30 s mid delivery");
        Assert.Equal(0, run.Receiver.Resent);
    }

    [Fact]
    public async Task Every_message_delivered_twice_and_out_of_order_changes_nothing()
    {
        await using var duplicator = await Duplicator.StartAsync(Platform.Rabbit.AmqpUri);
        await using var run = await ScenarioRun.StartAsync(fixture, "duplicates");
        await run.CompareWithBaselineAsync("every message delivered twice, copies up to 2 s late (out of order)");
        Assert.True(duplicator.Copies > 20, $"only {duplicator.Copies} messages were duplicated");
    }

    [Fact]
    public async Task A_poison_message_on_every_queue_is_dead_lettered_visibly_and_blocks_nothing()
    {
        var queues = await PoisonMessages.ServiceQueuesAsync(Platform.Rabbit.ManagementUri);
        await using var run = await ScenarioRun.StartAsync(fixture, "poison");
        await PoisonMessages.SendAsync(Platform.Rabbit.AmqpUri, queues);
        await run.CompareWithBaselineAsync("malformed JSON on every service queue");

        var errors = await PoisonMessages.ErrorQueueCountsAsync(Platform.Rabbit.ManagementUri);
        Assert.All(queues, q => Assert.True(errors.GetValueOrDefault(q + "_error") >= 1, $"the poison message on {q} is not in {q}_error"));
        foreach (var service in RunningPlatform.ServiceNames.Where(s => s != "Gateway"))
        {
            await Eventually.True(async () =>
            {
                var health = await Platform.HealthAsync(service);
                return health.GetProperty("checks").GetProperty("dead-letters").GetProperty("status").GetString() == "Degraded";
            }, TimeSpan.FromMinutes(1), $"{service} reporting its dead letters");
        }
        await PoisonMessages.PurgeErrorQueuesAsync(Platform.Rabbit.ManagementUri);
    }

    [Fact]
    public async Task An_IdP_failing_half_way_through_paging_deletes_nothing_and_the_next_sync_completes()
    {
        var failing = Company.IdpScenario(Company.Faults("""{ "pass": "main", "page": 6, "kind": "error" }"""));
        await using var run = await ScenarioRun.StartAsync(fixture, "idp-half-way", idpScenario: failing);
        using var api = Platform.Api(run.Tenant);
        var failed = await Eventually.Get(async () =>
        {
            var outcome = await Outcome.ReadAsync(Platform, run.Tenant);
            return outcome.Integrations.FirstOrDefault(i => i.Type != "aws" && i.Complete == false);
        }, TimeSpan.FromMinutes(5), "the IdP sync to end incomplete");
        Assert.False(string.IsNullOrWhiteSpace(failed.Error));
        Assert.Equal(0, (await Outcome.ReadAsync(Platform, run.Tenant)).IdentityDeletions);

        await Platform.SetIdpScenarioAsync(Company.IdpScenario());
        using var sync = await api.PostAsync($"/api/v1/integrations/idp/{run.ConnectionIds[1]}/sync", null);
        sync.EnsureSuccessStatusCode();
        await run.CompareWithBaselineAsync("IdP failing half-way through paging, then synced again");
    }

    [Fact]
    public async Task An_AWS_account_throttling_every_call_for_a_minute_still_syncs_completely()
    {
        await using var run = await ScenarioRun.StartAsync(fixture, "aws-throttled");
        await Platform.SetAwsScenarioAsync(Company.AwsScenario(Company.Faults("""{ "action": "*", "kind": "throttle", "times": -1 }""")));
        await Task.Delay(TimeSpan.FromMinutes(1));
        await Platform.SetAwsScenarioAsync(Company.AwsScenario());
        await run.CompareWithBaselineAsync("AWS throttling every call for a minute");
    }

    [Theory]
    [InlineData("aws")]
    [InlineData("idp")]
    public async Task A_connection_removed_mid_sync_publishes_nothing_of_that_run_and_leaves_no_run_open(string kind)
    {
        await using var run = await ScenarioRun.StartAsync(fixture, $"removed-mid-{kind}-sync");
        await (kind == "aws" ? run.MidAwsSyncAsync() : run.MidIdpSyncAsync());
        using var api = Platform.Api(run.Tenant);
        var id = run.ConnectionIds[kind == "aws" ? 0 : 1];
        using (var removed = await api.DeleteAsync($"/api/v1/integrations/{kind}/{id}"))
        {
            removed.EnsureSuccessStatusCode();
        }
        // The other integration's run settles; the removed one's run must leave nothing behind.
        var outcome = await Eventually.Get(async () =>
        {
            var o = await Outcome.ReadAsync(Platform, run.Tenant);
            return o.Integrations.Count == 1 && o.Integrations[0].Complete == true && o.UnsettledRuns == 0 ? o : null;
        }, TimeSpan.FromMinutes(5), "the remaining integration to settle");
        await Task.Delay(TimeSpan.FromSeconds(15));
        var prefix = kind == "aws" ? "iam_" : "idp_account_";
        Assert.Equal(0, await run.CorrelationEventsAsync(prefix));
        Assert.DoesNotContain(outcome.Integrations, i => i.Status == "syncing");
        Assert.Equal(0, (await Outcome.ReadAsync(Platform, run.Tenant)).UnsettledRuns);
    }

    private async Task StopBrokerAsync(TimeSpan outage)
    {
        await Platform.Rabbit.StopServerAsync();
        await Task.Delay(outage);
        await Platform.Rabbit.StartServerAsync();
    }

    private async Task RestartDatabaseAsync()
    {
        await Platform.Postgres.StopServerAsync();
        await Platform.Postgres.StartServerAsync();
    }
}
