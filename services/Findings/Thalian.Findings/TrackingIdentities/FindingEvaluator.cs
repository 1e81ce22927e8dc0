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
        var verdicts = IdentityRules.ForUser(user, facts.ContextFor(user.AccountId, now));
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
