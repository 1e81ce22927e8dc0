using Thalian.Contracts.Findings;

namespace Thalian.Delivery.Destinations.Syslog;

/// <summary>One lifecycle transition of a finding, as the syslog destination formats it.</summary>
/// <param name="Transition">"opened", "updated", "resolved", "reopened", "suppressed" or "unsuppressed".</param>
/// <param name="Reason">Why it was resolved or (un)suppressed, when the transition says.</param>
public sealed record CefEvent(Guid EventId, string Transition, FindingDetails Finding, DateTimeOffset OccurredAt, string? Reason);
