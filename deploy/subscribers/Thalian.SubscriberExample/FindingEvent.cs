using System.Text.Json;

namespace Thalian.SubscriberExample;

/// <summary>
/// The fields this subscriber uses from a finding event, read straight from MassTransit's JSON envelope
/// (docs/asyncapi/findings.asyncapi.yaml): no Thalian assembly is needed to consume the events.
/// </summary>
public sealed record FindingEvent(Guid MessageId, string Transition, Guid FindingId, string RuleId, string Status, DateTimeOffset OccurredAt)
{
    private const string TypePrefix = "urn:message:Thalian.Contracts.Findings:Finding";

    /// <summary>Null for a message that is not a finding transition (ignore it: new message types may appear).</summary>
    public static FindingEvent? Parse(ReadOnlySpan<byte> body)
    {
        using var envelope = JsonDocument.Parse(body.ToArray());
        var root = envelope.RootElement;
        var type = root.GetProperty("messageType").EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t?.StartsWith(TypePrefix, StringComparison.Ordinal) == true);
        if (type is null)
        {
            return null;
        }
        var message = root.GetProperty("message");
        var finding = message.GetProperty("finding");
        return new FindingEvent(
            root.GetProperty("messageId").GetGuid(),
            type[TypePrefix.Length..].ToLowerInvariant(),
            finding.GetProperty("findingId").GetGuid(),
            finding.GetProperty("ruleId").GetString()!,
            finding.GetProperty("status").GetString()!,
            message.GetProperty("occurredAt").GetDateTimeOffset());
    }

    public override string ToString() =>
        $"{Transition} finding={FindingId} rule={RuleId} status={Status} occurredAt={OccurredAt:O} messageId={MessageId}";
}
