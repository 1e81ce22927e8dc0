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
        await using var session = Sessions.Open(store, m.TenantId, m.CorrelationId);
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
        session.Store(user);
        Sessions.RememberAccount(session, m.AccountId, m.ObservedAt);
        var facts = await TenantFacts.LoadAsync(session, context.CancellationToken);
        await evaluator.UserAsync(session, facts, user, mayResolve: true, context.CancellationToken);
        await session.SaveChangesAsync(context.CancellationToken);
    }
}

public sealed class IamRoleChangedConsumer(IDocumentStore store, FindingEvaluator evaluator) : IConsumer<IamRoleChanged>
{
    public async Task Consume(ConsumeContext<IamRoleChanged> context)
    {
        var m = context.Message;
        await using var session = Sessions.Open(store, m.TenantId, m.CorrelationId);
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
        session.Store(role);
        Sessions.RememberAccount(session, m.AccountId, m.ObservedAt);
        var facts = await TenantFacts.LoadAsync(session, context.CancellationToken);
        await evaluator.RoleAsync(session, facts, role, mayResolve: true, context.CancellationToken);
        await session.SaveChangesAsync(context.CancellationToken);
    }
}

public sealed class AwsAccountChangedConsumer(IDocumentStore store, FindingEvaluator evaluator) : IConsumer<AwsAccountChanged>
{
    public async Task Consume(ConsumeContext<AwsAccountChanged> context)
    {
        var m = context.Message;
        await using var session = Sessions.Open(store, m.TenantId, m.CorrelationId);
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
        session.Store(account);
        Sessions.RememberAccount(session, m.AccountId, m.ObservedAt);
        // The account's credential report time feeds the users' findings, so they are evaluated with it.
        var facts = await TenantFacts.LoadAsync(session, context.CancellationToken);
        facts = facts with { ReportTimes = new Dictionary<string, DateTimeOffset?>(facts.ReportTimes) { [m.AccountId] = m.Posture.CredentialReportGeneratedAt } };
        await evaluator.AccountAsync(session, facts, account, mayResolve: true, context.CancellationToken);
        await session.SaveChangesAsync(context.CancellationToken);
    }
}

internal static class Sessions
{
    public static IDocumentSession Open(IDocumentStore store, string tenantId, Guid correlationId)
    {
        var session = store.LightweightSession(tenantId);
        session.CorrelationId = correlationId.ToString();
        return session;
    }

    public static void RememberAccount(IDocumentSession session, string accountId, DateTimeOffset seenAt) =>
        session.Store(new ConnectedAccount { Id = $"{session.TenantId}/{accountId}", AccountId = accountId, LastSettledAt = seenAt, LastSyncComplete = true });
}
