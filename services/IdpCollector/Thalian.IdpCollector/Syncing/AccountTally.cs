using Thalian.Contracts.Idp;
using Thalian.IdpCollector.Connecting;
using Thalian.IdpCollector.ReadingDirectories;

namespace Thalian.IdpCollector.Syncing;

/// <summary>Drops accounts already seen in this run (a restarted pass, or an account moving between passes) and counts the rest.</summary>
public sealed class AccountTally
{
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> byLifecycle = Enum.GetNames<IdpLifecycle>().ToDictionary(n => n, _ => 0);

    public bool Add(IdpAccountObservation account)
    {
        if (!seen.Add(account.ExternalId))
        {
            return false;
        }
        byLifecycle[account.Lifecycle.ToString()]++;
        return true;
    }

    public SyncCounts ToCounts(RequestStats stats) => new(seen.Count, byLifecycle, stats.Requests, stats.Throttled);
}
