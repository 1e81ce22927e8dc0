using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Thalian.Resilience.Tests.Faults;
using Thalian.Resilience.Tests.Infrastructure;
using Thalian.Resilience.Tests.Platform;
using Thalian.Testing;

namespace Thalian.Resilience.Tests.Load;

/// <summary>
/// The load run (scripts/load.sh, not part of CI): 20 tenants, each with two AWS accounts of 1,000 users and an IdP of
/// 5,000 accounts, all syncing at once while wrk reads GET /api/v1/findings through the gateway at a steady rate.
/// It asserts what must hold under load — no failed request, no failed sync, every tenant sees exactly its own
/// findings — and records the numbers (latency, sync times, peak RSS) in .run/load/results.md. Nothing is timed.
/// </summary>
[Trait("Category", "Load")]
public sealed partial class When_twenty_tenants_sync_at_once
{
    private const int Tenants = 20;
    private const int UsersPerAccount = 1000;
    private const int IdpAccounts = 5000;
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(40);

    private static string Key(int tenant, int account) => $"AKIALOADT{tenant:00}A{account}0000000";
    private static string Secret(int tenant, int account) => $"LoadSecret{tenant:00}{account}".PadRight(40, '0');

    [Fact]
    public async Task Every_sync_completes_every_request_succeeds_and_no_tenant_sees_another()
    {
        var accounts = new JsonArray();
        for (var t = 0; t < Tenants; t++)
        {
            for (var a = 0; a < 2; a++)
            {
                accounts.Add(Company.AwsAccount(AccountId(t, a), Key(t, a), Secret(t, a), UsersPerAccount));
            }
        }
        var aws = new JsonObject { ["accounts"] = accounts, ["pageSize"] = 100 }.ToJsonString();
        await using var platform = await RunningPlatform.StartAsync(Company.WriteScenario(aws, "load-aws"),
            Company.WriteScenario(Company.OktaScenario(IdpAccounts, []), "load-idp"));
        var tenants = new List<Tenant>();
        for (var t = 0; t < Tenants; t++)
        {
            tenants.Add(await platform.CreateTenantAsync($"load-{t:00}"));
        }

        using var wrk = StartWrk(platform, tenants);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(tenants.Select((tenant, t) => ConnectAsync(platform, tenant, t)));
        var synced = await Task.WhenAll(tenants.Select(tenant => SyncedAsync(platform, tenant, clock)));
        var findings = await Task.WhenAll(tenants.Select(tenant => SettledFindingsAsync(platform, tenant)));
        var settledAfter = clock.Elapsed;
        await Shell.RunAsync("kill", ["-INT", wrk.Id.ToString(CultureInfo.InvariantCulture)]);
        var wrkOutput = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        var rss = RunningPlatform.ServiceNames.ToDictionary(s => s, s => platform.PeakRssMiB(s));

        var result = Regex.Match(wrkOutput, @"RESULT p50_ms=(\S+) p99_ms=(\S+) requests=(\d+) non2xx=(\d+) errors=(\d+)");
        Assert.True(result.Success, $"wrk printed no result: {wrkOutput}");
        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Load run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {Tenants} tenants × (2 AWS accounts × {UsersPerAccount} users + 1 IdP of {IdpAccounts} accounts)")
            .AppendLine(CultureInfo.InvariantCulture, $"- GET /api/v1/findings via the gateway (wrk, 4 connections, 25 ms pause per request): {result.Groups[3].Value} requests, p50 {result.Groups[1].Value} ms, p99 {result.Groups[2].Value} ms, non-2xx {result.Groups[4].Value}, socket errors {result.Groups[5].Value}")
            .AppendLine(CultureInfo.InvariantCulture, $"- all 60 syncs complete after: min {synced.Min().TotalSeconds:0} s, median {synced.Order().ElementAt(Tenants / 2).TotalSeconds:0} s, max {synced.Max().TotalSeconds:0} s; every tenant's findings settled after {settledAfter.TotalSeconds:0} s")
            .AppendLine(CultureInfo.InvariantCulture, $"- open findings per tenant: {findings[0].Count}")
            .AppendLine("- peak RSS (MiB): " + string.Join(", ", rss.Select(r => $"{r.Key} {r.Value:0}")));
        var path = Path.Combine(RepoPaths.Root, ".run", "load", "results.md");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, report.ToString());
        Progress.Log(report.ToString());

        Assert.Equal("0", result.Groups[4].Value);
        Assert.Equal("0", result.Groups[5].Value);
        // Each tenant sees exactly its own scenario: only its own accounts, and the same findings as tenant 0 once the account ids are named by role.
        var reference = Normalised(findings[0], 0);
        Assert.True(reference.Count > 100, $"tenant 0 has only {reference.Count} open findings");
        for (var t = 0; t < Tenants; t++)
        {
            var own = new[] { AccountId(t, 0), AccountId(t, 1) };
            Assert.All(findings[t], f => Assert.Contains(own, a => f.Contains(a, StringComparison.Ordinal)));
            var mine = Normalised(findings[t], t);
            Assert.True(reference.SetEquals(mine), $"tenant {tenants[t].Id}: {mine.Count} open findings, {reference.Except(mine).Count()} of tenant 0's missing, "
                + $"{mine.Except(reference).Count()} more, e.g. {string.Join("; ", reference.Except(mine).Concat(mine.Except(reference)).Take(3))}");
        }
    }

    private static string AccountId(int tenant, int account) => $"3{tenant:000000000}{account:00}";

    /// <summary>A tenant's findings in terms every tenant shares: account ids by role, IAM's generated unique ids (which differ per account) elided.</summary>
    private static HashSet<string> Normalised(IEnumerable<string> findings, int tenant) =>
        findings.Select(f => IamUniqueId().Replace(
                f.Replace(AccountId(tenant, 0), "ACCOUNT-0", StringComparison.Ordinal).Replace(AccountId(tenant, 1), "ACCOUNT-1", StringComparison.Ordinal), "ID"))
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex("\\b(AROA|AIDA|AKIA|ASIA|ANPA|AGPA)[A-Z0-9]{12,}\\b")]
    private static partial Regex IamUniqueId();

    private static async Task ConnectAsync(RunningPlatform platform, Tenant tenant, int t)
    {
        using var api = platform.Api(tenant);
        foreach (var (path, body) in new[]
        {
            ("/api/v1/integrations/aws", Company.AwsConnectRequest(Key(t, 0), Secret(t, 0))),
            ("/api/v1/integrations/aws", Company.AwsConnectRequest(Key(t, 1), Secret(t, 1))),
            ("/api/v1/integrations/okta", Company.OktaConnectRequest(platform.IdpEmulator)),
        })
        {
            using var response = await api.PostAsJsonAsync(path, body);
            Assert.True(response.IsSuccessStatusCode, $"POST {path} for {tenant.Id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>When all three of the tenant's syncs have completed; a failed (incomplete) sync fails the run.</summary>
    private static async Task<TimeSpan> SyncedAsync(RunningPlatform platform, Tenant tenant, Stopwatch clock)
    {
        using var api = platform.Api(tenant);
        await Eventually.True(async () =>
        {
            var items = await api.GetFromJsonAsync<JsonElement[]>("/api/v1/integrations") ?? [];
            var failed = items.FirstOrDefault(i => i.GetProperty("lastSyncComplete").ValueKind == JsonValueKind.False);
            Assert.True(failed.ValueKind == JsonValueKind.Undefined, $"a sync of {tenant.Id} failed: {failed}");
            await Task.Delay(2000);
            return items.Length == 3 && items.All(i => i.GetProperty("lastSyncComplete").ValueKind == JsonValueKind.True);
        }, Bound, $"the syncs of {tenant.Id}");
        return clock.Elapsed;
    }

    /// <summary>
    /// The tenant's open findings once its three runs are settled in correlation, the services' queues are empty and the
    /// findings have not changed for half a minute. A stable set alone is not enough: under load a tenant's findings
    /// can sit unchanged (even empty) for minutes while the messages that will change them wait in a queue.
    /// </summary>
    private static async Task<HashSet<string>> SettledFindingsAsync(RunningPlatform platform, Tenant tenant)
    {
        HashSet<string>? previous = null;
        var quiet = 0;
        return await Eventually.Get(async () =>
        {
            var outcome = await Observing.Outcome.ReadAsync(platform, tenant);
            var current = outcome.OpenFindings.ToHashSet(StringComparer.Ordinal);
            var idle = outcome.SettledWith(integrations: 3) && await PoisonMessages.PendingMessagesAsync(platform.Rabbit.ManagementUri) == 0;
            quiet = idle && previous is not null && previous.SetEquals(current) ? quiet + 1 : 0;
            previous = current;
            await Task.Delay(10_000);
            return quiet >= 3 ? current : null;
        }, Bound, $"the findings of {tenant.Id} to settle");
    }

    private static Process StartWrk(RunningPlatform platform, IReadOnlyList<Tenant> tenants)
    {
        var script = Path.Combine(Path.GetTempPath(), $"thalian-load-{Environment.ProcessId}.lua");
        File.WriteAllText(script, $$"""
            local keys = { {{string.Join(", ", tenants.Select(t => $"\"{t.Key}\""))}} }
            local i = 0
            request = function()
              i = i % #keys + 1
              return wrk.format("GET", "/api/v1/findings?limit=50", { ["Authorization"] = "Bearer " .. keys[i] })
            end
            delay = function() return 25 end
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("RESULT p50_ms=%.2f p99_ms=%.2f requests=%d non2xx=%d errors=%d\n",
                latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
            end
            """);
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-t2", "-c4", "-d3600s", "--timeout", "30s", "--latency", "-s", script, platform.Gateway.ToString() })
        {
            start.ArgumentList.Add(argument);
        }
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start wrk (apt-get install wrk).");
    }
}
