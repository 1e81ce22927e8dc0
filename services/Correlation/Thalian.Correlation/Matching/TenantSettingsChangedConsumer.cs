using Marten;
using MassTransit;
using Thalian.Contracts.Findings;

namespace Thalian.Correlation.Matching;

/// <summary>Keeps the matching part of the tenant settings (latest version wins) and re-links every IAM user when it changed.</summary>
public sealed class TenantSettingsChangedConsumer(IDocumentStore store, LinkReevaluator reevaluator) : IConsumer<TenantSettingsChanged>
{
    public async Task Consume(ConsumeContext<TenantSettingsChanged> context)
    {
        var (m, ct) = (context.Message, context.CancellationToken);
        await using (var session = store.LightweightSession(m.TenantId))
        {
            var current = await session.LoadAsync<MatchSettings>(MatchSettings.DocumentId, ct);
            if (current is not null && (m.Version, m.ChangedAt).CompareTo((current.Version, current.ChangedAt)) <= 0)
            {
                return;
            }
            var keys = m.PersonTagKeys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            session.Store(new MatchSettings { Version = m.Version, ChangedAt = m.ChangedAt, PersonTagKeys = keys });
            await session.SaveChangesAsync(ct);
            if (current is not null && current.PersonTagKeys.SequenceEqual(keys, StringComparer.OrdinalIgnoreCase))
            {
                return;
            }
        }
        var users = await reevaluator.UsersAsync(m.TenantId, q => q, ct);
        await reevaluator.ReevaluateAsync(m.TenantId, users, _ => true, "settings-changed", m.ChangedAt, null, ct);
    }
}
