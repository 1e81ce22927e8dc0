using Thalian.Contracts.Findings;

namespace Thalian.Delivery.Destinations;

/// <summary>
/// One lifecycle transition of a finding, as every destination receives it: the finding's full state after the
/// transition plus what the transition itself says. <see cref="Version"/> is the finding stream's version and orders
/// a finding's events.
/// </summary>
public sealed record DeliveryEvent
{
    public required Guid EventId { get; init; }
    /// <summary>One of <see cref="Transitions"/>.</summary>
    public required string Transition { get; init; }
    public required FindingDetails Finding { get; init; }
    public required long Version { get; init; }
    /// <summary>When the transition was committed in the findings service.</summary>
    public required DateTimeOffset OccurredAt { get; init; }
    /// <summary>Why it was resolved ("condition-cleared", "resource-gone") or suppressed (the user's reason).</summary>
    public string? Reason { get; init; }
    /// <summary>Who suppressed or unsuppressed it.</summary>
    public string? Actor { get; init; }
    public DateTimeOffset? SuppressedUntil { get; init; }
    public IReadOnlyList<string> ChangedFields { get; init; } = [];
    /// <summary>A clearly marked test event from <c>POST .../test</c>: not a real finding.</summary>
    public bool Test { get; init; }
}

public static class Transitions
{
    public const string Opened = "opened";
    public const string Updated = "updated";
    public const string Resolved = "resolved";
    public const string Reopened = "reopened";
    public const string Suppressed = "suppressed";
    public const string Unsuppressed = "unsuppressed";
    /// <summary>The current state of an open finding, sent when a destination starts or is resynchronised.</summary>
    public const string Resync = "resync";

    /// <summary>The transitions a filter can select (resync always passes).</summary>
    public static readonly IReadOnlyList<string> Filterable = [Opened, Updated, Resolved, Reopened, Suppressed, Unsuppressed];
}
