using Marten;
using Thalian.Findings.Detecting;
using Thalian.Findings.ManagingSettings;

namespace Thalian.Findings.TrackingIdentities;

/// <summary>
/// What every rule of a tenant needs besides the identity: settings, IdP coverage, the tenant's accounts. A consumer
/// that changes one of these facts re-evaluates what reads it (<see cref="FindingEvaluator.FactsChangedAsync"/>).
/// <paramref name="AwaitedUserVersions"/>: users whose links are older than an IdP run announced (<see cref="AwaitedUserVersion"/>).
/// </summary>
public sealed record TenantFacts(TenantSettings Settings, IdpCoverage Idp, IReadOnlySet<string> AccountIds,
    IReadOnlyDictionary<string, DateTimeOffset?> ReportTimes, IReadOnlyDictionary<Guid, long> AwaitedUserVersions)
{
    public RuleContext ContextFor(string accountId, DateTimeOffset now) =>
        new(Settings, Idp, AccountIds, now, ReportTimes.GetValueOrDefault(accountId));

    public RuleContext ContextFor(TrackedUser user, DateTimeOffset now) => IsAwaited(user)
        ? ContextFor(user.AccountId, now) with { Idp = Idp with { Pending = "this user's IdP links are older than the latest IdP run's; waiting for them" } }
        : ContextFor(user.AccountId, now);

    public bool IsAwaited(TrackedUser user) => AwaitedUserVersions.TryGetValue(user.Id, out var version) && user.Version < version;

    public TenantFacts WithAccount(string accountId) => AccountIds.Contains(accountId) ? this
        : this with { AccountIds = new HashSet<string>(AccountIds) { accountId } };

    public TenantFacts WithoutAccount(string accountId) => this with { AccountIds = AccountIds.Where(a => a != accountId).ToHashSet() };

    /// <param name="pendingDirectories">Applies directory changes stored in this session but not yet saved.</param>
    public static async Task<TenantFacts> LoadAsync(IQuerySession session, CancellationToken ct,
        Func<IReadOnlyList<IdpDirectory>, IReadOnlyList<IdpDirectory>>? pendingDirectories = null)
    {
        var settings = await session.LoadAsync<TenantSettings>(session.TenantId, ct) ?? TenantSettings.DefaultFor(session.TenantId);
        var loaded = await session.Query<IdpDirectory>().ToListAsync(ct);
        var directories = pendingDirectories is null ? loaded : pendingDirectories(loaded);
        var coverage = new IdpCoverage(directories.Count,
            [.. directories.Where(d => !d.LatestComplete).Select(d => $"{d.Provider ?? "idp"} {d.Id}{(d.Error is null ? "" : $" ({d.Error})")}")]);
        var connected = await session.Query<ConnectedAccount>().Select(a => a.AccountId).ToListAsync(ct);
        var accounts = await session.Query<TrackedAccount>().ToListAsync(ct);
        var awaited = await session.Query<AwaitedUserVersion>().ToListAsync(ct);
        // A removed account's last messages (its identities closed) must not make it the tenant's again.
        return new TenantFacts(settings, coverage, connected.Concat(accounts.Where(a => !a.Removed).Select(a => a.AccountId)).ToHashSet(),
            accounts.GroupBy(a => a.AccountId).ToDictionary(g => g.Key, g => g.Max(a => a.Posture.CredentialReportGeneratedAt)),
            awaited.ToDictionary(a => a.Id, a => a.Version));
    }
}
