using System.Security.Cryptography;
using System.Text;
using Marten;
using Npgsql;

namespace Thalian.ServiceDefaults.Locking;

/// <summary>PostgreSQL advisory locks held for a Marten session's transaction: released by its commit or rollback.</summary>
public static class TransactionLock
{
    /// <summary>Begins the session's transaction and takes the lock named <paramref name="name"/>, waiting as long as it takes.</summary>
    public static async Task BeginLockedAsync(this IDocumentSession session, string name, bool shared, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        // On the session's own connection, not through Marten, which would apply its command timeout.
        await using var command = session.Connection!.CreateCommand();
        // A transaction its client has dropped (a bug) would otherwise hold the lock until the process ends: the server ends
        // one left idle for 5 minutes, which no live holder comes near between two statements.
        command.CommandText = "select set_config('idle_in_transaction_session_timeout', '5min', true), "
            + (shared ? "pg_advisory_xact_lock_shared($1)" : "pg_advisory_xact_lock($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(name)), 0) });
        // Waiting is the design: every holder is one of our transactions, bounded by its own statements' timeouts, and a
        // lock wait cut off by the default 30 s fails the message (and after its retries dead-letters it) under load.
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(ct);
    }
}
