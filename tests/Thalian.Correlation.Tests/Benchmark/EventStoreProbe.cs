using Npgsql;

namespace Thalian.Correlation.Benchmark;

/// <summary>Reads the service's event store directly, with queries that stay cheap while it grows (index ranges, no full scans).</summary>
public sealed class EventStoreProbe(string connectionString, string schema, string tenant) : IAsyncDisposable
{
    private const string RunMarkers = "('sync_run_settled', 'sync_run_links_reevaluated')";
    private readonly NpgsqlDataSource _db = NpgsqlDataSource.Create(connectionString);

    public string Schema => schema;

    public Task<long> LastSequenceAsync() => ScalarAsync($"select coalesce(max(seq_id), 0) from {schema}.mt_events");

    public Task<long> SettledRunsSinceAsync(long sequence) =>
        ScalarAsync($"select count(*) from {schema}.mt_events where seq_id > @s and tenant_id = @t and type = 'sync_run_settled'", sequence);

    /// <summary>Identity events since <paramref name="sequence"/>; the runs' own settlement markers are not counted.</summary>
    public Task<long> IdentityEventsSinceAsync(long sequence) =>
        ScalarAsync($"select count(*) from {schema}.mt_events where seq_id > @s and tenant_id = @t and type not in {RunMarkers}", sequence);

    public Task<long> IdentityStreamsAsync() =>
        ScalarAsync($"select count(*) from {schema}.mt_streams where tenant_id = @t and type is not null"); // run streams have no aggregate type

    /// <summary>True when every subscription (publisher, link re-evaluation) has processed every event.</summary>
    public async Task<bool> SubscriptionsCaughtUpAsync()
    {
        var behind = await ScalarAsync($"""
            select count(*) from {schema}.mt_event_progression
            where name not like 'HighWater%' and last_seq_id < (select coalesce(max(seq_id), 0) from {schema}.mt_events)
            """);
        var subscriptions = await ScalarAsync($"select count(*) from {schema}.mt_event_progression where name not like 'HighWater%'");
        return subscriptions > 0 && behind == 0;
    }

    private async Task<long> ScalarAsync(string sql, long sequence = 0)
    {
        await using var command = _db.CreateCommand(sql);
        command.Parameters.AddWithValue("s", sequence);
        command.Parameters.AddWithValue("t", tenant);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public NpgsqlDataSource DataSource => _db;

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
