using System.Security.Cryptography;
using System.Text;
using Npgsql;
using Microsoft.Extensions.Configuration;

namespace Thalian.ServiceDefaults.Locking;

/// <summary>
/// PostgreSQL session advisory locks, shared by every replica (for example: one sync per connection at a time). Each
/// lock lives on its own unpooled connection: disposing unlocks and closes it, and a crashed process releases it by dying.
/// Names are scoped by the service's schema, so two services (or test classes) never contend for one lock.
/// </summary>
public sealed class AdvisoryLocks(IConfiguration configuration, string scope)
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

    /// <summary>The lock, waiting up to <paramref name="wait"/> for its holder to finish; null if it is still held then.</summary>
    public async Task<IAsyncDisposable?> AcquireWithinAsync(string name, TimeSpan wait, CancellationToken ct)
    {
        var until = DateTimeOffset.UtcNow + wait;
        while (true)
        {
            if (await TryAcquireAsync(name, ct) is { } held)
            {
                return held;
            }
            if (DateTimeOffset.UtcNow >= until)
            {
                return null;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }
    }

    private long KeyOf(string name) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"thalian/{scope}/{name}")), 0);

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
