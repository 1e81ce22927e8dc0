using Marten;
using MassTransit;
using Thalian.Contracts.Findings;
using Thalian.Findings.TrackingIdentities;

namespace Thalian.Findings.ManagingSettings;

/// <summary>Our own settings event, received after commit: classification or thresholds changed, so everything is re-evaluated.</summary>
public sealed class TenantSettingsChangedConsumer(IDocumentStore store, FindingEvaluator evaluator) : IConsumer<TenantSettingsChanged>
{
    public async Task Consume(ConsumeContext<TenantSettingsChanged> context)
    {
        await using var session = await TenantLock.OpenAsync(store, context.Message.TenantId, null, exclusive: true, context.CancellationToken);
        var facts = await TenantFacts.LoadAsync(session, context.CancellationToken);
        await evaluator.EverythingAsync(session, facts, accountId: null, mayResolve: true, context.CancellationToken);
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
