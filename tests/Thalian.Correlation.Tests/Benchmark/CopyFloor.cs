using System.Diagnostics;

namespace Thalian.Correlation.Benchmark;

/// <summary>
/// The floor: PostgreSQL's COPY of the same event rows the first ingest appended (exported from mt_events, then
/// imported into an empty table with mt_events' columns and indexes), so the ingest is compared with bulk loading
/// exactly those bytes on this machine, in this run.
/// </summary>
public static class CopyFloor
{
    public static async Task<(long Rows, TimeSpan Elapsed)> MeasureAsync(EventStoreProbe probe, long fromSequence, long toSequence)
    {
        var file = Path.Combine(Path.GetTempPath(), $"copy-floor-{Guid.NewGuid():N}.bin");
        var table = $"{probe.Schema}.copy_floor_events";
        try
        {
            await using var connection = await probe.DataSource.OpenConnectionAsync();
            await using (var create = connection.CreateCommand())
            {
                create.CommandText = $"drop table if exists {table}; create table {table} (like {probe.Schema}.mt_events including indexes)";
                await create.ExecuteNonQueryAsync();
            }
            await using (var export = await connection.BeginRawBinaryCopyAsync(
                $"copy (select * from {probe.Schema}.mt_events where seq_id > {fromSequence} and seq_id <= {toSequence} and type not in ('sync_run_settled', 'sync_run_links_reevaluated')) to stdout (format binary)"))
            await using (var target = File.Create(file))
            {
                await export.CopyToAsync(target);
            }
            var clock = Stopwatch.StartNew();
            await using (var import = await connection.BeginRawBinaryCopyAsync($"copy {table} from stdin (format binary)"))
            await using (var source = File.OpenRead(file))
            {
                await source.CopyToAsync(import);
            }
            clock.Stop();
            await using var count = connection.CreateCommand();
            count.CommandText = $"select count(*) from {table}";
            var rows = (long)(await count.ExecuteScalarAsync())!;
            count.CommandText = $"drop table {table}";
            await count.ExecuteNonQueryAsync();
            return (rows, clock.Elapsed);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
