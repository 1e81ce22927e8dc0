using System.Security.Cryptography;
using System.Text;
using Npgsql;
using Thalian.ServiceDefaults;

namespace Thalian.AwsCollector.Syncing;

/// <summary>
/// PostgreSQL session advisory locks: held on a dedicated connection for as long as the work runs, released when
/// it is disposed or the process dies. Shared by every replica, so one connection never syncs twice at once.
/// </summary>
public sealed class SyncLocks(IConfiguration configuration)
{
    private readonly string connectionString = configuration.GetPostgresConnectionString();

    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("select pg_try_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", KeyOf(name));
        if (await command.ExecuteScalarAsync(ct) is true)
        {
            return connection;
        }
        await connection.DisposeAsync();
        return null;
    }

    public static long KeyOf(string name) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("thalian/aws-collector/" + name)), 0);
}
