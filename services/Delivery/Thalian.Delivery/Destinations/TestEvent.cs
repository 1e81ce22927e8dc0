using Thalian.Contracts.Findings;

namespace Thalian.Delivery.Destinations;

/// <summary>The event <c>POST .../test</c> sends: marked as a test everywhere a receiver looks (type, title, rule, log name).</summary>
public static class TestEvent
{
    public static DeliveryEvent For(string tenant, DateTimeOffset now) => new()
    {
        EventId = Guid.CreateVersion7(now),
        Transition = Transitions.Opened,
        Version = 0,
        OccurredAt = now,
        Test = true,
        Finding = new FindingDetails
        {
            TenantId = tenant,
            FindingId = Guid.Empty,
            RuleId = "thalian-test-event",
            Title = "Thalian test event (not a real finding)",
            Severity = "low",
            Status = "open",
            ResourceType = "iam-user",
            ResourceArn = "arn:aws:iam::000000000000:user/thalian-test",
            ResourceId = "thalian-test",
            AccountId = "000000000000",
            Summary = "A test event sent from Thalian to check this destination; it can be ignored.",
            FirstSeenAt = now,
            LastSeenAt = now,
            DataObservedAt = now,
        },
    };
}
