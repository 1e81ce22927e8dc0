using Marten;
using Thalian.Findings.Detecting;
using Thalian.Findings.ManagingFindings;

namespace Thalian.Findings.TrackingIdentities;

/// <summary>Evaluates the rules on tracked identities and reconciles their findings, inside the caller's session.</summary>
public sealed class FindingEvaluator(TimeProvider time)
{
    public async Task UserAsync(IDocumentSession session, TenantFacts facts, TrackedUser user, bool mayResolve, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (user.Deleted)
        {
            await FindingReconciler.ResolveScopeAsync(session, user.Id, now, ct);
            return;
        }
        var verdicts = IdentityRules.ForUser(user, facts.ContextFor(user, now));
        await FindingReconciler.ReconcileAsync(session, user.Id, verdicts, mayResolve, now, ct);
    }

    public async Task RoleAsync(IDocumentSession session, TenantFacts facts, TrackedRole role, bool mayResolve, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (role.Deleted)
        {
            await FindingReconciler.ResolveScopeAsync(session, role.Id, now, ct);
            return;
        }
        var verdicts = IdentityRules.ForRole(role, facts.ContextFor(role.AccountId, now));
        await FindingReconciler.ReconcileAsync(session, role.Id, verdicts, mayResolve, now, ct);
    }

    public async Task AccountAsync(IDocumentSession session, TenantFacts facts, TrackedAccount account, bool mayResolve, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (account.Removed)
        {
            await FindingReconciler.ResolveScopeAsync(session, account.Id, now, ct);
            return;
        }
        var verdicts = IdentityRules.ForAccount(account, facts.ContextFor(account.AccountId, now));
        await FindingReconciler.ReconcileAsync(session, account.Id, verdicts, mayResolve, now, ct);
    }

    /// <summary>Every live user of the tenant (IdP markers, settings changes).</summary>
    public async Task AllUsersAsync(IDocumentSession session, TenantFacts facts, bool mayResolve, CancellationToken ct)
    {
        foreach (var user in await session.Query<TrackedUser>().Where(u => !u.Deleted).ToListAsync(ct))
        {
            await UserAsync(session, facts, user, mayResolve, ct);
        }
    }

    /// <summary>
    /// A tenant fact that rules read changed between <paramref name="before"/> and <paramref name="after"/>: every
    /// identity whose rules read it is re-evaluated, whatever order connections, syncs and settings arrived in. Today
    /// the tenant's accounts (an account connected or removed, or any other source of "the tenant's own account") are
    /// read by the cross-account trust rule only, so every role is re-evaluated but those this session has already
    /// evaluated. Settings changes re-evaluate everything (<see cref="EverythingAsync"/>). The caller holds the
    /// exclusive tenant lock, so no evaluation running beside it can miss the change.
    /// </summary>
    public async Task FactsChangedAsync(IDocumentSession session, TenantFacts before, TenantFacts after, Func<TrackedRole, bool> alreadyEvaluated,
        CancellationToken ct)
    {
        if (before.AccountIds.SetEquals(after.AccountIds))
        {
            return;
        }
        foreach (var role in await session.Query<TrackedRole>().Where(r => !r.Deleted).ToListAsync(ct))
        {
            if (!alreadyEvaluated(role))
            {
                await RoleAsync(session, after, role, mayResolve: true, ct);
            }
        }
    }

    /// <summary>Every live identity of one account, or of the whole tenant when <paramref name="accountId"/> is null.</summary>
    public async Task EverythingAsync(IDocumentSession session, TenantFacts facts, string? accountId, bool mayResolve, CancellationToken ct)
    {
        var users = accountId is null
            ? await session.Query<TrackedUser>().Where(u => !u.Deleted).ToListAsync(ct)
            : await session.Query<TrackedUser>().Where(u => !u.Deleted && u.AccountId == accountId).ToListAsync(ct);
        foreach (var user in users)
        {
            await UserAsync(session, facts, user, mayResolve, ct);
        }
        var roles = accountId is null
            ? await session.Query<TrackedRole>().Where(r => !r.Deleted).ToListAsync(ct)
            : await session.Query<TrackedRole>().Where(r => !r.Deleted && r.AccountId == accountId).ToListAsync(ct);
        foreach (var role in roles)
        {
            await RoleAsync(session, facts, role, mayResolve, ct);
        }
        var accounts = accountId is null
            ? await session.Query<TrackedAccount>().Where(a => !a.Removed).ToListAsync(ct)
            : await session.Query<TrackedAccount>().Where(a => !a.Removed && a.AccountId == accountId).ToListAsync(ct);
        foreach (var account in accounts)
        {
            await AccountAsync(session, facts, account, mayResolve, ct);
        }
    }
}
