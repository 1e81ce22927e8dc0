using Thalian.Contracts.Findings;

namespace Thalian.Delivery.Tests.Fixtures;

/// <summary>
/// The bus messages of one finding's lifecycle — Opened → Updated → Resolved → Reopened → Suppressed — each with the
/// finding's state after it, its stream version and its own event id, as the findings outbox publishes them.
/// </summary>
public sealed class Lifecycle(string tenant, string user = "bob", string account = "111122223333", string severity = "high")
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-02T10:00:00.123Z");

    public Guid FindingId { get; } = Guid.NewGuid();
    private readonly Guid identityId = Guid.NewGuid();

    public static readonly string[] Transitions = ["opened", "updated", "resolved", "reopened", "suppressed"];

    public FindingDetails Finding(string status, int step) => new()
    {
        TenantId = tenant,
        FindingId = FindingId,
        RuleId = "stale-iam-user",
        Title = $"IAM user {user} outlived its IdP account",
        Severity = severity,
        Status = status,
        ResourceType = "iam-user",
        ResourceArn = $"arn:aws:iam::{account}:user/{user}",
        ResourceId = "AIDA" + FindingId.ToString("N")[..16].ToUpperInvariant(),
        AccountId = account,
        IdentityId = identityId,
        Summary = $"IAM user {user} is still usable but its IdP account was deprovisioned",
        Evidence = new Dictionary<string, string> { ["idpStatus"] = "deprovisioned", ["step"] = step.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        FirstSeenAt = Start,
        LastSeenAt = Start.AddHours(step),
        DataObservedAt = Start.AddHours(step),
    };

    private IReadOnlyList<(object Message, Guid EventId)>? messages;

    /// <summary>The five messages with their event ids, in commit order (the same ones on every call).</summary>
    public IReadOnlyList<(object Message, Guid EventId)> Messages() => messages ??=
    [
        (new FindingOpened(Finding("open", 0), Start) { StreamVersion = 1 }, Guid.NewGuid()),
        (new FindingUpdated(Finding("open", 1), ["evidence"], Start.AddHours(1)) { StreamVersion = 2 }, Guid.NewGuid()),
        (new FindingResolved(Finding("resolved", 2), "condition-cleared", Start.AddHours(2)) { StreamVersion = 3 }, Guid.NewGuid()),
        (new FindingReopened(Finding("open", 3), Start.AddHours(3)) { StreamVersion = 4 }, Guid.NewGuid()),
        (new FindingSuppressed(Finding("suppressed", 4), "alice@example.com", "accepted risk", Start.AddDays(30), Start.AddHours(4)) { StreamVersion = 5 }, Guid.NewGuid()),
    ];

    public static Task PublishAsync(DeliveryHost host, (object Message, Guid EventId) m) => m.Message switch
    {
        FindingOpened x => host.Publish(x, m.EventId),
        FindingUpdated x => host.Publish(x, m.EventId),
        FindingResolved x => host.Publish(x, m.EventId),
        FindingReopened x => host.Publish(x, m.EventId),
        FindingSuppressed x => host.Publish(x, m.EventId),
        FindingUnsuppressed x => host.Publish(x, m.EventId),
        _ => throw new ArgumentException("not a finding event"),
    };
}
