using MassTransit;
using Thalian.Contracts.Findings;

namespace Thalian.Delivery.Tests.Subscribers;

/// <summary>One finding's lifecycle as the findings service publishes it, one message of each type.</summary>
public static class FindingEventSamples
{
    public static IReadOnlyList<object> Lifecycle(FindingDetails finding, DateTimeOffset at) =>
    [
        new FindingOpened(finding, at),
        new FindingUpdated(finding with { Title = "updated" }, ["title"], at.AddMinutes(1)),
        new FindingResolved(finding with { Status = "resolved" }, "condition-cleared", at.AddMinutes(2)),
        new FindingReopened(finding, at.AddMinutes(3)),
        new FindingSuppressed(finding with { Status = "suppressed" }, "alice@example.com", "accepted risk", null, at.AddMinutes(4)),
        new FindingUnsuppressed(finding, "system", true, at.AddMinutes(5)),
    ];

    /// <summary>
    /// Publishes one event of each type for a throw-away finding, as the findings service does long before a subscriber
    /// arrives: MassTransit declares a message type's exchange on its first publish.
    /// </summary>
    public static async Task DeclareExchangesAsync(IBus bus)
    {
        foreach (var message in Lifecycle(SampleFindings.Orphaned() with { FindingId = Guid.NewGuid() }, DateTimeOffset.UtcNow))
        {
            await bus.Publish(message, message.GetType());
        }
    }

    public static readonly string[] Exchanges =
        ["thalian.findings.opened", "thalian.findings.updated", "thalian.findings.resolved", "thalian.findings.reopened", "thalian.findings.suppressed", "thalian.findings.unsuppressed"];
}
