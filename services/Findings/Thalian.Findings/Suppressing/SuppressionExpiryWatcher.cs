using Marten;
using Thalian.Findings.ManagingFindings;

namespace Thalian.Findings.Suppressing;

/// <summary>
/// Lifts suppressions whose expiry has passed (FindingUnsuppressed, automatic), for every tenant. Runs on the
/// injected TimeProvider's timer so tests drive it with a fake clock.
/// </summary>
public sealed class SuppressionExpiryWatcher(IDocumentStore store, TimeProvider time, IConfiguration configuration,
    ILogger<SuppressionExpiryWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(configuration.GetValue("Findings:SuppressionCheckSeconds", 60));
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                await LiftExpiredAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Checking suppression expiries failed; retrying at the next tick");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task LiftExpiredAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        IReadOnlyList<FindingView> expired;
        await using (var query = store.QuerySession())
        {
            expired = await query.Query<FindingView>()
                .Where(f => f.AnyTenant() && f.Status == FindingStatuses.Suppressed && f.SuppressedUntil != null && f.SuppressedUntil <= now)
                .ToListAsync(ct);
        }
        foreach (var tenant in expired.GroupBy(f => f.Tenant))
        {
            await using var session = store.LightweightSession(tenant.Key);
            foreach (var candidate in tenant)
            {
                // Re-read in the writing session so the write is checked against the current version.
                if (await session.LoadAsync<FindingView>(candidate.Id, ct) is { Status: FindingStatuses.Suppressed } view)
                {
                    FindingWriter.Write(session, view, FindingDecider.Unsuppress(view, "system:suppression-expiry", automatic: true, now));
                }
            }
            await session.SaveChangesAsync(ct);
        }
    }
}
