using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Thalian.AwsEmulator.Iam;
using Thalian.AwsEmulator.Protocol;
using Thalian.AwsEmulator.Scenarios;

namespace Thalian.AwsEmulator.CloudTrail;

/// <summary>CloudTrail LookupEvents (JSON 1.1) over the scenario's events of the region the request was signed for.</summary>
public static class LookupEvents
{
    public static IResult Handle(AccountSpec account, string region, JsonElement request, DateTimeOffset now)
    {
        var attribute = request.TryGetProperty("LookupAttributes", out var list) && list.GetArrayLength() > 0 ? list[0] : (JsonElement?)null;
        if (list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 1)
        {
            return new AwsFault("InvalidLookupAttributesException", "Only one lookup attribute is allowed.", 400).ToJson();
        }
        var from = Epoch(request, "StartTime") ?? now.AddDays(-90);
        var to = Epoch(request, "EndTime") ?? now;
        var max = request.TryGetProperty("MaxResults", out var m) ? m.GetInt32() : 50;
        var offset = request.TryGetProperty("NextToken", out var t) ? int.Parse(t.GetString()!, CultureInfo.InvariantCulture) : 0;
        var events = account.CloudTrail.Select((e, i) => (Spec: e, Index: i, Time: RelativeTime.Or(e.Time, now, now)))
            .Where(e => e.Spec.Region == region && e.Time >= from && e.Time <= to)
            .Where(e => attribute is not { } a || a.GetProperty("AttributeKey").GetString() != "Username" || Username(e.Spec) == a.GetProperty("AttributeValue").GetString())
            .OrderByDescending(e => e.Time).ToList();
        var page = events.Skip(offset).Take(max).Select(e => Event(account, e.Spec, e.Index, e.Time)).ToList();
        var body = new JsonObject { ["Events"] = new JsonArray([.. page]) };
        if (offset + max < events.Count)
        {
            body["NextToken"] = (offset + max).ToString(CultureInfo.InvariantCulture);
        }
        return Results.Text(body.ToJsonString(), "application/x-amz-json-1.1");
    }

    private static string? Username(EventSpec e) => e.Username ?? (e.IdentityType == "Root" ? "root" : null);

    private static DateTimeOffset? Epoch(JsonElement request, string name) =>
        request.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? DateTimeOffset.FromUnixTimeMilliseconds((long)(v.GetDouble() * 1000)) : null;

    private static JsonObject Event(AccountSpec account, EventSpec e, int index, DateTimeOffset time)
    {
        var id = e.EventId ?? IamNames.Id("", account, $"event/{index}").ToLowerInvariant();
        var identity = new JsonObject
        {
            ["type"] = e.IdentityType,
            ["principalId"] = e.IdentityType == "Root" ? account.AccountId : "AIDAEXAMPLE",
            ["arn"] = e.IdentityType == "Root" ? account.Arn("iam", "root") : account.Arn("iam", $"user/{e.Username}"),
            ["accountId"] = account.AccountId,
        };
        if (e.InvokedBy is not null)
        {
            identity["invokedBy"] = e.InvokedBy;
        }
        var record = new JsonObject
        {
            ["eventVersion"] = "1.08", ["userIdentity"] = identity, ["eventTime"] = RelativeTime.Iso(time),
            ["eventSource"] = e.EventSource ?? (e.EventName == "ConsoleLogin" ? "signin.amazonaws.com" : "iam.amazonaws.com"),
            ["eventName"] = e.EventName, ["awsRegion"] = e.Region, ["sourceIPAddress"] = e.SourceIp ?? "198.51.100.1",
            ["userAgent"] = "emulator", ["eventType"] = e.EventType, ["eventID"] = id, ["recipientAccountId"] = account.AccountId,
        };
        if (e.MfaUsed is { } mfa)
        {
            record["additionalEventData"] = new JsonObject { ["MFAUsed"] = mfa ? "Yes" : "No" };
        }
        return new JsonObject
        {
            ["EventId"] = id, ["EventName"] = e.EventName, ["ReadOnly"] = "false", ["EventTime"] = time.ToUnixTimeMilliseconds() / 1000.0,
            ["EventSource"] = record["eventSource"]!.GetValue<string>(), ["Username"] = Username(e), ["Resources"] = new JsonArray(),
            ["CloudTrailEvent"] = record.ToJsonString(),
        };
    }
}
