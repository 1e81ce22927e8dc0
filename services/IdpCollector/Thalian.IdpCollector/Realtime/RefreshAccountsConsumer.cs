using Marten;
using MassTransit;
using Thalian.Contracts.Idp;
using Thalian.IdpCollector.Connecting;
using Thalian.IdpCollector.ReadingDirectories;
using Thalian.ServiceDefaults.Outbox;

namespace Thalian.IdpCollector.Realtime;

/// <summary>
/// Re-reads the accounts a hook named and publishes their fresh state as a targeted observation. An account the vendor
/// no longer knows is left to the next complete sync: a re-read never deletes.
/// </summary>
public sealed partial class RefreshAccountsConsumer(IDocumentStore store, RealtimeDirectories directories, TimeProvider time, ILogger<RefreshAccountsConsumer> logger) : IConsumer<RefreshIdpAccounts>
{
    /// <summary>A delivery naming more accounts than this is a bulk change; the rest wait for the next sync.</summary>
    public const int MaxAccounts = 200;

    public async Task Consume(ConsumeContext<RefreshIdpAccounts> context)
    {
        var (m, ct) = (context.Message, context.CancellationToken);
        await using var session = store.LightweightSession(m.TenantId);
        if (await session.LoadAsync<IdpConnection>(m.ConnectionId, ct) is not { } connection)
        {
            return;
        }
        using var realtime = directories.Open(connection);
        if (realtime is null)
        {
            return;
        }
        var accounts = new List<IdpAccountObservation>();
        foreach (var id in m.ExternalIds.Distinct(StringComparer.Ordinal).Take(MaxAccounts))
        {
            if (await realtime.ReadAccountAsync(id, ct) is { } account)
            {
                accounts.Add(account);
            }
            else
            {
                NotFound(logger, connection.Id, id);
            }
        }
        if (accounts.Count == 0)
        {
            return;
        }
        var refreshId = Guid.CreateVersion7();
        session.PublishAfterCommit(new IdpAccountsObserved
        {
            TenantId = m.TenantId, CorrelationId = m.CorrelationId, SyncRunId = refreshId, ConnectionId = connection.Id, Provider = connection.Provider,
            ObservedAt = time.GetUtcNow(), Accounts = accounts, Targeted = true,
        });
        await session.SaveChangesAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection {ConnectionId}: the vendor does not know account {ExternalId}; the next complete sync decides")]
    private static partial void NotFound(ILogger logger, Guid connectionId, string externalId);
}
