using Marten;
using MassTransit;
using Thalian.Contracts.Correlation;

namespace Thalian.Findings.TrackingIdentities;

/// <summary>Keeps the latest state of each IAM user (older versions are dropped) and evaluates its rules.</summary>
public sealed class IamUserChangedConsumer(IDocumentStore store, FindingEvaluator evaluator) : IConsumer<IamUserChanged>
{
    public async Task Consume(ConsumeContext<IamUserChanged> context)
    {
        var m = context.Message;
        var opened = await Sessions.OpenForAsync(store, m.TenantId, m.CorrelationId, m.AccountId, live: !m.Deleted, context.CancellationToken);
        await using var session = opened.Session;
        var known = await session.LoadAsync<TrackedUser>(m.IdentityId, context.CancellationToken);
        if (known is not null && m.Version < known.Version)
        {
            return;
        }
        var user = new TrackedUser
        {
            Id = m.IdentityId, AccountId = m.AccountId, Partition = m.Partition, ObservedAt = m.ObservedAt,
            Version = m.Version, Deleted = m.Deleted, User = m.User, Match = m.Match,
        };
        Sessions.Save(session, known, user);
        if (opened.Facts.AwaitedUserVersions.ContainsKey(user.Id) && !opened.Facts.IsAwaited(user))
        {
            session.Delete<AwaitedUserVersion>(user.Id);
        }
        var facts = Sessions.RememberAccount(session, opened.Facts, m.AccountId, m.ObservedAt, live: !m.Deleted);
        await evaluator.UserAsync(session, facts, user, mayResolve: true, context.CancellationToken);
        await evaluator.FactsChangedAsync(session, opened.Facts, facts, _ => false, context.CancellationToken);
        await session.SaveChangesAsync(context.CancellationToken);
    }
}

public sealed class IamRoleChangedConsumer(IDocumentStore store, FindingEvaluator evaluator) : IConsumer<IamRoleChanged>
{
    public async Task Consume(ConsumeContext<IamRoleChanged> context)
    {
        var m = context.Message;
        var opened = await Sessions.OpenForAsync(store, m.TenantId, m.CorrelationId, m.AccountId, live: !m.Deleted, context.CancellationToken);
        await using var session = opened.Session;
        var known = await session.LoadAsync<TrackedRole>(m.IdentityId, context.CancellationToken);
        if (known is not null && m.Version < known.Version)
        {
            return;
        }
        var role = new TrackedRole
        {
            Id = m.IdentityId, AccountId = m.AccountId, Partition = m.Partition, ObservedAt = m.ObservedAt,
            Version = m.Version, Deleted = m.Deleted, Role = m.Role,
        };
        Sessions.Save(session, known, role);
        var facts = Sessions.RememberAccount(session, opened.Facts, m.AccountId, m.ObservedAt, live: !m.Deleted);
        await evaluator.RoleAsync(session, facts, role, mayResolve: true, context.CancellationToken);
        await evaluator.FactsChangedAsync(session, opened.Facts, facts, r => r.Id == role.Id, context.CancellationToken);
        await session.SaveChangesAsync(context.CancellationToken);
    }
}

public sealed class AwsAccountChangedConsumer(IDocumentStore store, FindingEvaluator evaluator) : IConsumer<AwsAccountChanged>
{
    public async Task Consume(ConsumeContext<AwsAccountChanged> context)
    {
        var m = context.Message;
        var opened = await Sessions.OpenForAsync(store, m.TenantId, m.CorrelationId, m.AccountId, live: !m.Removed, context.CancellationToken);
        await using var session = opened.Session;
        var known = await session.LoadAsync<TrackedAccount>(m.IdentityId, context.CancellationToken);
        if (known is not null && m.Version < known.Version)
        {
            return;
        }
        var account = new TrackedAccount
        {
            Id = m.IdentityId, AccountId = m.AccountId, Partition = m.Partition, ObservedAt = m.ObservedAt,
            Version = m.Version, Removed = m.Removed, Posture = m.Posture,
        };
        Sessions.Save(session, known, account);
        // The account's credential report time feeds the users' findings, so they are evaluated with it.
        var facts = Sessions.RememberAccount(session, opened.Facts, m.AccountId, m.ObservedAt, live: !m.Removed);
        facts = facts with { ReportTimes = new Dictionary<string, DateTimeOffset?>(facts.ReportTimes) { [m.AccountId] = m.Posture.CredentialReportGeneratedAt } };
        await evaluator.AccountAsync(session, facts, account, mayResolve: true, context.CancellationToken);
        await evaluator.FactsChangedAsync(session, opened.Facts, facts, _ => false, context.CancellationToken);
        await session.SaveChangesAsync(context.CancellationToken);
    }
}

internal static class Sessions
{
    /// <summary>Insert when new (a concurrent first delivery then collides), else store against the loaded version.</summary>
    public static void Save<T>(IDocumentSession session, T? known, T state) where T : class
    {
        if (known is null)
        {
            session.Insert(state);
        }
        else
        {
            session.Store(state);
        }
    }

    /// <summary>
    /// Records an account as the tenant's the first time a live identity of it arrives (no write afterwards). Closed
    /// identities (a removed connection's last messages) never make an account the tenant's.
    /// </summary>
    public static TenantFacts RememberAccount(IDocumentSession session, TenantFacts facts, string accountId, DateTimeOffset seenAt, bool live)
    {
        if (!live || facts.AccountIds.Contains(accountId))
        {
            return facts;
        }
        session.Store(new ConnectedAccount { Id = $"{session.TenantId}/{accountId}", AccountId = accountId, LastSettledAt = seenAt, LastSyncComplete = true });
        return facts.WithAccount(accountId);
    }

    /// <summary>
    /// The session for one identity's change, with the tenant's facts: under the shared tenant lock while the account
    /// is already the tenant's, under the exclusive one when this change makes it known — every role is then
    /// re-evaluated, and an evaluation running beside it would otherwise miss the new account.
    /// </summary>
    public static async Task<(IDocumentSession Session, TenantFacts Facts)> OpenForAsync(IDocumentStore store, string tenantId, Guid correlationId,
        string accountId, bool live, CancellationToken ct)
    {
        var (session, facts) = await OpenWithFactsAsync(store, tenantId, correlationId, exclusive: false, ct);
        if (!live || facts.AccountIds.Contains(accountId))
        {
            return (session, facts);
        }
        // A shared lock cannot be upgraded without risking a deadlock with another upgrader: start again exclusively.
        await session.DisposeAsync();
        return await OpenWithFactsAsync(store, tenantId, correlationId, exclusive: true, ct);
    }

    private static async Task<(IDocumentSession Session, TenantFacts Facts)> OpenWithFactsAsync(IDocumentStore store, string tenantId, Guid correlationId,
        bool exclusive, CancellationToken ct)
    {
        var session = await TenantLock.OpenAsync(store, tenantId, correlationId, exclusive, ct);
        try
        {
            return (session, await TenantFacts.LoadAsync(session, ct));
        }
        catch
        {
            // Not yet the caller's to dispose: a session dropped here would hold the tenant's lock until the process ends
            // (seen in the fault suite: a consumer cancelled by a broker shutdown between two reads stalled the tenant).
            await session.DisposeAsync();
            throw;
        }
    }
}
