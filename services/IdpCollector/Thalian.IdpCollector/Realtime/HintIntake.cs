using Marten;
using Thalian.Contracts.Idp;
using Thalian.ServiceDefaults.Outbox;

namespace Thalian.IdpCollector.Realtime;

/// <summary>
/// Where hook deliveries and change feeds meet: each vendor event is recorded once, and the accounts named by the new ones
/// are queued for a re-read in the same transaction. An event seen by both the hook and the feed is acted on once.
/// </summary>
public static class HintIntake
{
    public sealed record Outcome(int Fresh, int Duplicates);

    public static async Task<Outcome> RecordAsync(IDocumentSession session, RealtimeSubscription subscription, IReadOnlyList<HookHint> hints,
        string source, DateTimeOffset now, CancellationToken ct)
    {
        var events = hints.GroupBy(h => h.EventId).ToList();
        var ids = events.Select(e => ReceivedHookEvent.IdFor(subscription.Id, e.Key)).ToArray();
        var known = ids.Length == 0 ? [] : (await session.LoadManyAsync<ReceivedHookEvent>(ct, ids)).Select(e => e.Id).ToHashSet();
        var fresh = events.Where(e => !known.Contains(ReceivedHookEvent.IdFor(subscription.Id, e.Key))).ToList();
        foreach (var e in fresh)
        {
            session.Insert(new ReceivedHookEvent
            {
                Id = ReceivedHookEvent.IdFor(subscription.Id, e.Key), ConnectionId = subscription.Id, EventType = e.First().EventType, Source = source,
                ExternalIds = [.. e.Select(h => h.ExternalId).Distinct()], PublishedAt = e.First().Published, ReceivedAt = now,
            });
        }
        var accounts = fresh.SelectMany(e => e.Select(h => h.ExternalId)).Distinct(StringComparer.Ordinal).ToList();
        if (accounts.Count > 0)
        {
            session.PublishAfterCommit(new RefreshIdpAccounts(subscription.TenantId!, subscription.Id, Guid.NewGuid(), accounts, $"{subscription.Provider} {source}"));
        }
        return new Outcome(fresh.Count, events.Count - fresh.Count);
    }
}
