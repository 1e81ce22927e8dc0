using Marten;
using Thalian.IdpCollector.Connecting;
using Thalian.IdpCollector.ReadingDirectories;

namespace Thalian.IdpCollector.Realtime;

/// <summary>A removed connection takes its hook with it: the vendor's registration (best effort) and what was received.</summary>
public sealed partial class RealtimeRemoval(RealtimeDirectories directories, ILogger<RealtimeRemoval> logger)
{
    public async Task RemoveAsync(IDocumentSession session, IdpConnection connection, CancellationToken ct)
    {
        if (await session.LoadAsync<RealtimeSubscription>(connection.Id, ct) is not { } subscription)
        {
            return;
        }
        if (subscription.VendorHookId is { } hookId)
        {
            try
            {
                using var client = directories.Open(connection);
                if (client is not null)
                {
                    await client.RemoveHookAsync(hookId, ct);
                }
            }
            catch (DirectoryException ex)
            {
                // The hook then posts to an address that answers 404 and is never acted on.
                NotRemoved(logger, connection.Id, hookId, ex.Message);
            }
        }
        Forget(session, connection.Id);
    }

    public static void Forget(IDocumentSession session, Guid connectionId)
    {
        session.Delete<RealtimeSubscription>(connectionId);
        session.Delete<ChangeFeedCursor>(connectionId);
        session.DeleteWhere<ReceivedHookEvent>(e => e.ConnectionId == connectionId);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {ConnectionId} removed, but its vendor hook {HookId} could not be: {Reason}")]
    private static partial void NotRemoved(ILogger logger, Guid connectionId, string hookId, string reason);
}
