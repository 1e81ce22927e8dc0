using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Thalian.Delivery.Destinations;

namespace Thalian.Delivery.Queueing;

/// <summary>
/// The durable per-destination queue in the service's schema. Enqueuing is idempotent by (destination, event id);
/// the cursor remembers the newest version of each finding a destination has, so a redelivered or late event is
/// never sent after a newer one.
/// </summary>
public sealed class DeliveryOutbox(NpgsqlDataSource db, string schema)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private string Q => $"\"{schema}\".delivery_queue";
    private string Cursor => $"\"{schema}\".delivery_cursor";
    private string Findings => $"\"{schema}\".delivery_finding";

    /// <summary>Keeps the latest state of the finding (an older version never overwrites a newer one).</summary>
    public async Task RememberFindingAsync(DeliveryEvent e, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            insert into {Findings} (tenant_id, finding_id, version, status, payload) values (@t, @f, @v, @s, @p)
            on conflict (tenant_id, finding_id) do update set version = excluded.version, status = excluded.status, payload = excluded.payload
            where {Findings}.version < excluded.version
            """);
        cmd.Parameters.AddWithValue("t", e.Finding.TenantId);
        cmd.Parameters.AddWithValue("f", e.Finding.FindingId);
        cmd.Parameters.AddWithValue("v", e.Version);
        cmd.Parameters.AddWithValue("s", e.Finding.Status);
        cmd.Parameters.AddWithValue("p", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(e, Json));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The open findings of a tenant as resync events (the state a receiver starts from). For a destination that is
    /// starting, the same read also sets its cursor of every known finding to the known version: it begins at the
    /// present, so a later transition of a finding it never had does not wait for the versions before.
    /// </summary>
    public async Task<IReadOnlyList<DeliveryEvent>> OpenFindingsAsync(string tenant, Guid? starting, DateTimeOffset now, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            with known as (select finding_id, version, status, payload from {Findings} where tenant_id = @t),
            seeded as (
              insert into {Cursor} (destination_id, finding_id, version) select @d, finding_id, version from known where @d is not null
              on conflict (destination_id, finding_id) do nothing)
            select payload from known where status = 'open' order by finding_id
            """);
        cmd.Parameters.AddWithValue("t", tenant);
        cmd.Parameters.Add(new NpgsqlParameter("d", NpgsqlDbType.Uuid) { Value = (object?)starting ?? DBNull.Value });
        var events = new List<DeliveryEvent>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var known = JsonSerializer.Deserialize<DeliveryEvent>(reader.GetString(0), Json)!;
            events.Add(known with
            {
                EventId = Guid.CreateVersion7(now), Transition = Transitions.Resync, OccurredAt = now, Reason = null, Actor = null, ChangedFields = [],
            });
        }
        return events;
    }

    /// <summary>
    /// Queues the events for each destination; a second enqueue of the same event id is a no-op. For the
    /// <paramref name="skipping"/> destinations (their filter does not match) the event is recorded as skipped, never
    /// sent: they then know the finding's version exists and do not hold its later versions back waiting for it.
    /// </summary>
    public async Task EnqueueAsync(string tenant, IReadOnlyList<Guid> destinations, IReadOnlyList<DeliveryEvent> events, bool resend, DateTimeOffset now,
        CancellationToken ct, IReadOnlyCollection<Guid>? skipping = null)
    {
        if (destinations.Count == 0 || events.Count == 0)
        {
            return;
        }
        var rows = destinations.SelectMany(d => events.Select(e => (Destination: d, Event: e))).ToList();
        await using var cmd = db.CreateCommand($"""
            insert into {Q} (tenant_id, destination_id, event_id, finding_id, version, resend, payload, status, enqueued_at, committed_at, done_at)
            select @t, d, e, f, v, @r, p::jsonb, case when d = any(@skip) then 'skipped' else 'pending' end, @now, c,
              case when d = any(@skip) then @now end
            from unnest(@d, @e, @f, @v, @p, @c) as x(d, e, f, v, p, c)
            on conflict (destination_id, event_id) do nothing
            """);
        cmd.Parameters.AddWithValue("t", tenant);
        cmd.Parameters.AddWithValue("r", resend);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("skip", (skipping ?? []).ToArray());
        cmd.Parameters.AddWithValue("d", rows.Select(r => r.Destination).ToArray());
        cmd.Parameters.AddWithValue("e", rows.Select(r => r.Event.EventId).ToArray());
        cmd.Parameters.AddWithValue("f", rows.Select(r => r.Event.Finding.FindingId).ToArray());
        cmd.Parameters.AddWithValue("v", rows.Select(r => r.Event.Version).ToArray());
        cmd.Parameters.AddWithValue("p", rows.Select(r => JsonSerializer.Serialize(r.Event, Json)).ToArray());
        cmd.Parameters.AddWithValue("c", rows.Select(r => r.Event.OccurredAt).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Destinations with pending events, oldest work first.</summary>
    public async Task<IReadOnlyList<(string Tenant, Guid Destination)>> DueDestinationsAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"select tenant_id, destination_id from {Q} where status = 'pending' group by tenant_id, destination_id order by min(seq)");
        var due = new List<(string, Guid)>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            due.Add((reader.GetString(0), reader.GetGuid(1)));
        }
        return due;
    }

    /// <summary>
    /// The next pending events of a destination in queue order, each finding's in version order; events the
    /// destination already has a newer (or, unless resent, the same) version of are marked superseded and left out.
    /// A finding's event waits, with the finding's later events, for its predecessor to reach the queue (the bus may
    /// reorder; a consumer may be retrying). A version has reached it when the destination has it (the cursor, which
    /// a new destination starts at the present), skipped it (its filter) or dead-lettered it; only a version the
    /// service never received is given up on, after <paramref name="reorderWindow"/>, so a lost message cannot hold
    /// a finding back forever.
    /// </summary>
    public async Task<IReadOnlyList<QueuedEvent>> NextAsync(Guid destination, int limit, DateTimeOffset now, TimeSpan reorderWindow, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            select q.seq, q.payload, q.resend, q.attempts, c.version, q.enqueued_at,
              array(select distinct p.version from {Q} p
                    where p.destination_id = q.destination_id and p.finding_id = q.finding_id and p.status in ('skipped', 'dead')
                      and p.version > coalesce(c.version, 0) and p.version < q.version)
            from (select * from {Q} where destination_id = @d and status = 'pending' order by seq limit @n) q
            left join {Cursor} c on c.destination_id = q.destination_id and c.finding_id = q.finding_id
            order by q.seq
            """);
        cmd.Parameters.AddWithValue("d", destination);
        cmd.Parameters.AddWithValue("n", limit);
        var next = new List<Candidate>();
        var stale = new List<long>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var queued = new QueuedEvent(reader.GetInt64(0), JsonSerializer.Deserialize<DeliveryEvent>(reader.GetString(1), Json)!, reader.GetBoolean(2), reader.GetInt32(3));
                long? has = reader.IsDBNull(4) ? null : reader.GetInt64(4);
                var isStale = has is { } v && (queued.Event.Version < v || (queued.Event.Version == v && !queued.Resend));
                if (isStale)
                {
                    stale.Add(queued.Seq);
                }
                else
                {
                    next.Add(new Candidate(queued, has ?? 0, reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<long[]>(6)));
                }
            }
        }
        await SetStatusAsync(stale, QueueStatus.Superseded, now, ct);
        return InOrder(next, now - reorderWindow);
    }

    /// <param name="Reached">Versions above the cursor the destination skipped or dead-lettered.</param>
    private sealed record Candidate(QueuedEvent Queued, long Cursor, DateTimeOffset EnqueuedAt, long[] Reached);

    private static List<QueuedEvent> InOrder(List<Candidate> candidates, DateTimeOffset givenUpBefore)
    {
        var ready = new List<QueuedEvent>();
        foreach (var finding in candidates.GroupBy(c => c.Queued.Event.Finding.FindingId).OrderBy(g => g.Min(c => c.Queued.Seq)))
        {
            var reached = finding.First().Cursor;
            var skippedOrDead = finding.SelectMany(c => c.Reached).ToHashSet();
            foreach (var (queued, _, enqueuedAt, _) in finding.OrderBy(c => c.Queued.Event.Version).ThenBy(c => c.Queued.Seq))
            {
                while (skippedOrDead.Contains(reached + 1))
                {
                    reached++;
                }
                if (!queued.Resend && queued.Event.Version > reached + 1 && enqueuedAt > givenUpBefore)
                {
                    break;
                }
                ready.Add(queued);
                reached = Math.Max(reached, queued.Event.Version);
            }
        }
        return ready;
    }

    /// <summary>Marks events delivered and moves the destination's cursor of each finding forward.</summary>
    public async Task DeliveredAsync(Guid destination, IReadOnlyList<QueuedEvent> delivered, DateTimeOffset now, CancellationToken ct)
    {
        if (delivered.Count == 0)
        {
            return;
        }
        var newest = delivered.GroupBy(q => q.Event.Finding.FindingId).Select(g => (Finding: g.Key, Version: g.Max(q => q.Event.Version))).ToList();
        await using var batch = db.CreateBatch();
        var mark = new NpgsqlBatchCommand($"update {Q} set status = 'delivered', done_at = @now, attempts = attempts + 1 where seq = any(@s)");
        mark.Parameters.AddWithValue("now", now);
        mark.Parameters.AddWithValue("s", delivered.Select(q => q.Seq).ToArray());
        var move = new NpgsqlBatchCommand($"""
            insert into {Cursor} (destination_id, finding_id, version) select @d, f, v from unnest(@f, @v) as x(f, v)
            on conflict (destination_id, finding_id) do update set version = greatest({Cursor}.version, excluded.version)
            """);
        move.Parameters.AddWithValue("d", destination);
        move.Parameters.AddWithValue("f", newest.Select(n => n.Finding).ToArray());
        move.Parameters.AddWithValue("v", newest.Select(n => n.Version).ToArray());
        batch.BatchCommands.Add(mark);
        batch.BatchCommands.Add(move);
        await batch.ExecuteNonQueryAsync(ct);
    }

    public async Task AttemptFailedAsync(IReadOnlyList<QueuedEvent> failed, string error, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"update {Q} set attempts = attempts + 1, last_error = @e where seq = any(@s)");
        cmd.Parameters.AddWithValue("e", error);
        cmd.Parameters.AddWithValue("s", failed.Select(q => q.Seq).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Moves events pending since before <paramref name="cutoff"/> to the dead-letter list, except those of paused destinations.</summary>
    public async Task<IReadOnlyList<(Guid Destination, int Count)>> DeadLetterAsync(DateTimeOffset cutoff, IReadOnlyCollection<Guid> paused, DateTimeOffset now, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            with dead as (
              update {Q} set status = 'dead', done_at = @now, last_error = coalesce(last_error, 'Not delivered in time.')
              where status = 'pending' and enqueued_at < @cutoff and not (destination_id = any(@paused)) returning destination_id)
            select destination_id, count(*)::int from dead group by destination_id
            """);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("cutoff", cutoff);
        cmd.Parameters.AddWithValue("paused", paused.ToArray());
        var moved = new List<(Guid, int)>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            moved.Add((reader.GetGuid(0), reader.GetInt32(1)));
        }
        return moved;
    }

    /// <summary>Dead letters (all, or the given event ids) back to pending, as resends with a fresh age.</summary>
    public async Task<int> ReplayAsync(string tenant, Guid destination, IReadOnlyList<Guid>? eventIds, DateTimeOffset now, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            update {Q} set status = 'pending', resend = true, enqueued_at = @now, attempts = 0, done_at = null
            where tenant_id = @t and destination_id = @d and status = 'dead' and (@all or event_id = any(@ids))
            """);
        cmd.Parameters.AddWithValue("t", tenant);
        cmd.Parameters.AddWithValue("d", destination);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("all", eventIds is null);
        cmd.Parameters.AddWithValue("ids", (eventIds ?? []).ToArray());
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<QueueStats> StatsAsync(string tenant, Guid destination, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            select count(*) filter (where status = 'pending'), min(enqueued_at) filter (where status = 'pending'), count(*) filter (where status = 'dead')
            from {Q} where tenant_id = @t and destination_id = @d and status in ('pending', 'dead')
            """);
        cmd.Parameters.AddWithValue("t", tenant);
        cmd.Parameters.AddWithValue("d", destination);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new QueueStats(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1), reader.GetInt64(2));
    }

    public async Task<IReadOnlyList<DeliveryRecord>> ListAsync(string tenant, Guid destination, string status, int limit, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            select event_id, finding_id, payload->>'transition', version, status, enqueued_at, committed_at, attempts, last_error, done_at
            from {Q} where tenant_id = @t and destination_id = @d and status = @s order by seq desc limit @n
            """);
        cmd.Parameters.AddWithValue("t", tenant);
        cmd.Parameters.AddWithValue("d", destination);
        cmd.Parameters.AddWithValue("s", status);
        cmd.Parameters.AddWithValue("n", limit);
        var records = new List<DeliveryRecord>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            records.Add(new DeliveryRecord(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetInt32(7),
                reader.IsDBNull(8) ? null : reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9)));
        }
        return records;
    }

    public async Task ForgetDestinationAsync(Guid destination, CancellationToken ct)
    {
        await using var batch = db.CreateBatch();
        foreach (var table in new[] { Q, Cursor })
        {
            var delete = new NpgsqlBatchCommand($"delete from {table} where destination_id = @d");
            delete.Parameters.AddWithValue("d", destination);
            batch.BatchCommands.Add(delete);
        }
        await batch.ExecuteNonQueryAsync(ct);
    }

    public async Task PruneAsync(DateTimeOffset before, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"delete from {Q} where status in ('delivered', 'superseded', 'skipped') and done_at < @b");
        cmd.Parameters.AddWithValue("b", before);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private async Task SetStatusAsync(List<long> seqs, string status, DateTimeOffset now, CancellationToken ct)
    {
        if (seqs.Count == 0)
        {
            return;
        }
        await using var cmd = db.CreateCommand($"update {Q} set status = @st, done_at = @now where seq = any(@s)");
        cmd.Parameters.AddWithValue("st", status);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("s", seqs.ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
