using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Thalian.Delivery.Queueing;

/// <summary>
/// The delivery queue's tables, created and migrated by Marten with the service's documents (see
/// docs/decisions/delivery-queue-in-postgresql.md): <c>delivery_queue</c> (one row per destination and event, unique
/// by event id), <c>delivery_cursor</c> (the newest version of each finding a destination has received) and
/// <c>delivery_finding</c> (the latest known state of every finding, for a new destination's start and resync).
/// </summary>
public static class QueueTables
{
    public static IEnumerable<Table> For(string schema)
    {
        var queue = new Table(new PostgresqlObjectName(schema, "delivery_queue", SchemaUtils.IdentifierUsage.General));
        queue.AddColumn<long>("seq").AsPrimaryKey().BigAutoIncrement();
        queue.AddColumn<string>("tenant_id").NotNull();
        queue.AddColumn<Guid>("destination_id").NotNull();
        queue.AddColumn<Guid>("event_id").NotNull();
        queue.AddColumn<Guid>("finding_id").NotNull();
        queue.AddColumn<long>("version").NotNull();
        queue.AddColumn<bool>("resend").NotNull().DefaultValueByExpression("false");
        queue.AddColumn("payload", "jsonb").NotNull();
        queue.AddColumn<string>("status").NotNull();
        queue.AddColumn("enqueued_at", "timestamptz").NotNull();
        queue.AddColumn("committed_at", "timestamptz").NotNull();
        queue.AddColumn<int>("attempts").NotNull().DefaultValueByExpression("0");
        queue.AddColumn<string>("last_error");
        queue.AddColumn("done_at", "timestamptz");
        queue.Indexes.Add(new IndexDefinition("delivery_queue_event") { Columns = ["destination_id", "event_id"], IsUnique = true });
        queue.Indexes.Add(new IndexDefinition("delivery_queue_work") { Columns = ["destination_id", "status", "seq"] });
        queue.Indexes.Add(new IndexDefinition("delivery_queue_finding") { Columns = ["destination_id", "finding_id", "version"] });
        yield return queue;

        var cursor = new Table(new PostgresqlObjectName(schema, "delivery_cursor", SchemaUtils.IdentifierUsage.General));
        cursor.AddColumn<Guid>("destination_id").AsPrimaryKey();
        cursor.AddColumn<Guid>("finding_id").AsPrimaryKey();
        cursor.AddColumn<long>("version").NotNull();
        yield return cursor;

        var finding = new Table(new PostgresqlObjectName(schema, "delivery_finding", SchemaUtils.IdentifierUsage.General));
        finding.AddColumn<string>("tenant_id").AsPrimaryKey();
        finding.AddColumn<Guid>("finding_id").AsPrimaryKey();
        finding.AddColumn<long>("version").NotNull();
        finding.AddColumn<string>("status").NotNull();
        finding.AddColumn("payload", "jsonb").NotNull();
        yield return finding;
    }
}
