using Thalian.Contracts.Findings;
using Thalian.Delivery.Destinations;

namespace Thalian.Delivery.Benchmark;

/// <summary>Findings shaped like the real ones (a stale IAM user with evidence), one per index.</summary>
public static class BenchFindings
{
    public static FindingDetails Finding(string tenant, int i, DateTimeOffset now) => new()
    {
        TenantId = tenant,
        FindingId = Guid.CreateVersion7(now),
        RuleId = "stale-iam-user",
        Title = $"IAM user bench-{i:D5} outlived its IdP account",
        Severity = "high",
        Status = "open",
        ResourceType = "iam-user",
        ResourceArn = $"arn:aws:iam::111122223333:user/bench-{i:D5}",
        ResourceId = $"AIDABENCH{i:D11}",
        AccountId = "111122223333",
        IdentityId = Guid.CreateVersion7(now),
        Summary = $"IAM user bench-{i:D5} is still usable but its IdP account was deprovisioned",
        Evidence = new Dictionary<string, string> { ["idpStatus"] = "deprovisioned", ["accessKey1Active"] = "true", ["passwordLastUsed"] = "2026-10-01T08:00:00Z" },
        FirstSeenAt = now,
        LastSeenAt = now,
        DataObservedAt = now,
        CisControl = "1.12",
    };

    /// <summary>The event the delivery service makes of the published message, for the floors' pre-built bodies.</summary>
    public static DeliveryEvent Event(int i, DateTimeOffset now) => new()
    {
        EventId = Guid.CreateVersion7(now),
        Transition = Transitions.Opened,
        Finding = Finding("bench-floor", i, now),
        Version = 1,
        OccurredAt = now,
    };
}
