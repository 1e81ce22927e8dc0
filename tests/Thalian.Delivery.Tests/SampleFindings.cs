using Thalian.Contracts.Findings;
using Thalian.Delivery.Destinations;

namespace Thalian.Delivery.Tests;

/// <summary>A finding as the findings service publishes it, with the awkward characters a formatter must escape.</summary>
public static class SampleFindings
{
    public static FindingDetails Orphaned(string status = "open", string tenant = "tenant-a") => new()
    {
        TenantId = tenant,
        FindingId = Guid.Parse("6f0d8c4e-2b7a-5c1d-9e3f-0a1b2c3d4e5f"),
        RuleId = "orphaned-iam-user",
        Title = "IAM user | no owner \\ in the IdP",
        Severity = "high",
        Status = status,
        ResourceType = "iam-user",
        ResourceArn = "arn:aws:iam::111111111111:user/ops/bob=old",
        ResourceId = "AIDAEXAMPLEBOB000001",
        AccountId = "111111111111",
        IdentityId = Guid.Parse("0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b"),
        Summary = "bob=old has no IdP account\nand still has an active key",
        Evidence = new Dictionary<string, string> { ["accessKey1Active"] = "true" },
        FirstSeenAt = DateTimeOffset.Parse("2026-11-01T08:00:00.250Z"),
        LastSeenAt = DateTimeOffset.Parse("2026-12-01T09:30:00.500Z"),
        DataObservedAt = DateTimeOffset.Parse("2026-12-01T09:29:00Z"),
        CisControl = "1.12",
    };

    /// <summary>A transition of the finding as the delivery service hands it to a destination.</summary>
    public static DeliveryEvent Event(FindingDetails finding, string transition, DateTimeOffset at, string? reason = null, long version = 1) => new()
    {
        EventId = Guid.NewGuid(),
        Transition = transition,
        Finding = finding,
        Version = version,
        OccurredAt = at,
        Reason = reason,
    };
}
