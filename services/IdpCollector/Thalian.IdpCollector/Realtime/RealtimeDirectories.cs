using Thalian.IdpCollector.Connecting;
using Thalian.IdpCollector.ReadingDirectories;

namespace Thalian.IdpCollector.Realtime;

/// <summary>A connection's client for real-time work (re-reads, hooks, change feed), or null when its vendor has none.</summary>
public sealed class RealtimeDirectories(DirectoryClientFactory clients, ConnectionSecretsCodec secrets)
{
    public IRealtimeDirectory? Open(IdpConnection connection)
    {
        var client = clients.Create(connection.Provider, connection.Settings, secrets.Unprotect(connection.ProtectedSecrets), new RequestStats());
        if (client is IRealtimeDirectory realtime)
        {
            return realtime;
        }
        client.Dispose();
        return null;
    }
}
