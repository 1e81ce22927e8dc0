using Npgsql;

namespace Thalian.IdpCollector.Syncing;

/// <summary>
/// One sync per connection at a time, across replicas: a PostgreSQL session advisory lock held on a dedicated
/// connection for the duration of the sync (released automatically if the process dies).
/// </summary>
public sealed class SyncLock(NpgsqlDataSource dataSource)
{
    public async Task<IAsyncDisposable?> TryAcquireAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        var key = BitConverter.ToInt64(connectionId.ToByteArray(), 0) ^ BitConverter.ToInt64(connectionId.ToByteArray(), 8);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select pg_try_advisory_lock(@k)", connection);
        command.Parameters.AddWithValue("k", key);
        if (await command.ExecuteScalarAsync(cancellationToken) is true)
        {
            return new Held(connection, key);
        }
        await connection.DisposeAsync();
        return null;
    }

    private sealed class Held(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("select pg_advisory_unlock(@k)", connection);
                command.Parameters.AddWithValue("k", key);
                await command.ExecuteScalarAsync();
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}
