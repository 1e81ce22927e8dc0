using System.Security.Cryptography;
using System.Text;
using Npgsql;
using Thalian.ServiceDefaults;

namespace Thalian.AwsCollector.Syncing;

/// <summary>
/// PostgreSQL session advisory locks, shared by every replica, so one connection never syncs twice at once. Each lock
/// lives on its own unpooled connection: disposing unlocks and closes it, and a crashed process releases it by dying.
/// </summary>
public sealed class SyncLocks(IConfiguration configuration)
{
    private readonly string connectionString = new NpgsqlConnectionStringBuilder(configuration.GetPostgresConnectionString()) { Pooling = false }.ConnectionString;

    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken ct)
    {
        var key = KeyOf(name);
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("select pg_try_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", key);
        if (await command.ExecuteScalarAsync(ct) is true)
        {
            return new Held(connection, key);
        }
        await connection.DisposeAsync();
        return null;
    }

    public static long KeyOf(string name) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("thalian/aws-collector/" + name)), 0);

    private sealed class Held(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var unlock = new NpgsqlCommand("select pg_advisory_unlock(@key)", connection);
                unlock.Parameters.AddWithValue("key", key);
                await unlock.ExecuteScalarAsync();
            }
            finally
            {
                // Closing an unpooled connection ends the session, which releases the lock even if the unlock failed.
                await connection.DisposeAsync();
            }
        }
    }
}
