using Marten;

namespace Thalian.Correlation.TrackingAwsAccounts;

/// <summary>Remembers that an account's connection was removed, so late observations from before the removal are dropped.</summary>
public sealed record AwsAccountWatch
{
    public string Id { get; init; } = "";
    public DateTimeOffset RemovedAt { get; init; }

    public static async Task<bool> IsRemovedSinceAsync(IQuerySession session, string accountId, DateTimeOffset observedAt, CancellationToken ct) =>
        await session.LoadAsync<AwsAccountWatch>(accountId, ct) is { } watch && observedAt <= watch.RemovedAt;
}
