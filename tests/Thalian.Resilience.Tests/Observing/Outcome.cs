using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Thalian.Resilience.Tests.Platform;

namespace Thalian.Resilience.Tests.Observing;

public sealed record Integration(string Type, string Status, bool? Complete, string? Error);

/// <summary>
/// What a tenant ends with, in the terms the suite compares: the open findings (through the public API), each finding
/// stream's transitions (from findings' event store), identity deletions (from correlation's) and the integrations' runs.
/// </summary>
public sealed record Outcome(
    IReadOnlySet<string> OpenFindings,
    IReadOnlyDictionary<string, string> Transitions,
    int IdentityDeletions,
    IReadOnlyList<Integration> Integrations,
    int UnsettledRuns)
{
    public bool Settled => SettledWith(integrations: 2);

    public bool SettledWith(int integrations) =>
        Integrations.Count == integrations && Integrations.All(i => i.Status != "syncing" && i.Complete is not null) && UnsettledRuns == 0;

    public static async Task<Outcome> ReadAsync(RunningPlatform platform, Tenant tenant)
    {
        using var api = platform.Api(tenant);
        var integrations = (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/integrations"))!
            .Select(i => new Integration(Text(i, "type") ?? "?", Text(i, "status") ?? "?",
                i.TryGetProperty("lastSyncComplete", out var c) && c.ValueKind is JsonValueKind.True or JsonValueKind.False ? c.GetBoolean() : null,
                Text(i, "lastError")))
            .ToList();
        await using var db = new NpgsqlConnection(platform.Postgres.ConnectionString);
        await db.OpenAsync();
        return new Outcome(await OpenFindingsAsync(api), await TransitionsAsync(db, tenant.Id), await DeletionsAsync(db, tenant.Id), integrations,
            await UnsettledRunsAsync(db, tenant.Id));
    }

    private static async Task<HashSet<string>> OpenFindingsAsync(HttpClient api)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        string? cursor = null;
        do
        {
            var page = await api.GetFromJsonAsync<JsonElement>("/api/v1/findings?status=open&limit=200" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                keys.Add($"{Text(item, "ruleId")} {Text(item, "resourceArn")} {Text(item, "resourceId")}");
            }
            cursor = Text(page, "nextCursor");
        }
        while (cursor is not null);
        return keys;
    }

    /// <summary>Finding key → its event types in order ("opened,resolved,reopened").</summary>
    private static async Task<Dictionary<string, string>> TransitionsAsync(NpgsqlConnection db, string tenant)
    {
        await using var command = new NpgsqlCommand(
            "select data->'Finding'->>'RuleId', data->'Finding'->>'ResourceId', type from findings.mt_events where tenant_id = $1 order by stream_id, version", db);
        command.Parameters.AddWithValue(tenant);
        var transitions = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (reader.IsDBNull(0))
            {
                continue; // settings and other non-finding events
            }
            var key = $"{reader.GetString(0)} {reader.GetString(1)}";
            (transitions.TryGetValue(key, out var list) ? list : transitions[key] = []).Add(reader.GetString(2).Replace("finding_", "", StringComparison.Ordinal));
        }
        return transitions.ToDictionary(t => t.Key, t => string.Join(',', t.Value), StringComparer.Ordinal);
    }

    private static async Task<int> DeletionsAsync(NpgsqlConnection db, string tenant)
    {
        await using var command = new NpgsqlCommand(
            "select count(*) from correlation.mt_events where tenant_id = $1 and (type like '%deleted' or type like '%removed')", db);
        command.Parameters.AddWithValue(tenant);
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }

    /// <summary>Completed runs correlation received but has not settled (a settled run starts its own stream).</summary>
    private static async Task<int> UnsettledRunsAsync(NpgsqlConnection db, string tenant)
    {
        await using (var exists = new NpgsqlCommand("select to_regclass('correlation.mt_doc_syncruncompletion') is not null", db))
        {
            if (!(bool)(await exists.ExecuteScalarAsync())!)
            {
                return 0; // created by correlation with its first completion
            }
        }
        await using var command = new NpgsqlCommand(
            "select count(*) from correlation.mt_doc_syncruncompletion c where c.tenant_id = $1 and not exists " +
            "(select 1 from correlation.mt_events e where e.tenant_id = c.tenant_id and e.type = 'sync_run_settled' " +
            "and coalesce(e.data->>'SyncRunId', e.data->>'syncRunId') = c.id::text)", db);
        command.Parameters.AddWithValue(tenant);
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }

    public static string? Text(JsonElement item, string property) =>
        item.TryGetProperty(property, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;
}
