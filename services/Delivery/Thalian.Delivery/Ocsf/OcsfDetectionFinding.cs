using System.Text.Json.Nodes;
using Thalian.Delivery.Destinations;

namespace Thalian.Delivery.Ocsf;

/// <summary>
/// A finding transition as an OCSF 1.3.0 Detection Finding (class 2004, cloud profile). Opened and resync are
/// Create; resolved is Close; every other transition is Update with the status it leads to, so a SIEM that keys
/// on <c>finding_info.uid</c> (our finding id) always converges to the platform's state. Times are milliseconds.
/// </summary>
public static class OcsfDetectionFinding
{
    public const int ClassUid = 2004;
    private static readonly string ProductVersion = typeof(OcsfDetectionFinding).Assembly.GetName().Version?.ToString(3) ?? "1.0.0";

    public static JsonObject Map(DeliveryEvent e)
    {
        var f = e.Finding;
        var (activityId, activity) = Activity(e.Transition);
        var (statusId, status) = Status(e.Transition, f.Status);
        var (severityId, severity) = Severity(f.Severity);
        var partition = Partition(f.ResourceArn);
        var ocsf = new JsonObject
        {
            ["activity_id"] = activityId,
            ["activity_name"] = activity,
            ["category_uid"] = 2,
            ["category_name"] = "Findings",
            ["class_uid"] = ClassUid,
            ["class_name"] = "Detection Finding",
            ["type_uid"] = ClassUid * 100L + activityId,
            ["type_name"] = $"Detection Finding: {activity}",
            ["severity_id"] = severityId,
            ["severity"] = severity,
            ["status_id"] = statusId,
            ["status"] = status,
            ["status_code"] = e.Transition,
            ["confidence_id"] = 3,
            ["confidence"] = "High",
            ["time"] = e.OccurredAt.ToUnixTimeMilliseconds(),
            ["timezone_offset"] = 0,
            ["message"] = e.Test ? $"[TEST] {f.Summary}" : f.Summary,
            ["metadata"] = new JsonObject
            {
                ["version"] = "1.3.0",
                ["uid"] = e.EventId.ToString(),
                ["tenant_uid"] = f.TenantId,
                ["log_name"] = e.Test ? "thalian-test" : "findings",
                ["original_time"] = e.OccurredAt.UtcDateTime.ToString("O"),
                ["profiles"] = new JsonArray("cloud"),
                ["product"] = new JsonObject { ["name"] = "Thalian", ["vendor_name"] = "Thalian", ["uid"] = "thalian", ["version"] = ProductVersion },
            },
            ["cloud"] = new JsonObject
            {
                ["provider"] = "AWS",
                ["account"] = new JsonObject { ["uid"] = f.AccountId, ["type_id"] = 10, ["type"] = "AWS Account" },
            },
            ["finding_info"] = new JsonObject
            {
                ["uid"] = f.FindingId.ToString(),
                ["title"] = f.Title,
                ["desc"] = f.Summary,
                ["types"] = new JsonArray("Identity Gaps/AWS IAM"),
                ["analytic"] = new JsonObject { ["uid"] = f.RuleId, ["name"] = f.RuleId, ["type_id"] = 1, ["type"] = "Rule" },
                ["created_time"] = f.FirstSeenAt.ToUnixTimeMilliseconds(),
                ["first_seen_time"] = f.FirstSeenAt.ToUnixTimeMilliseconds(),
                ["last_seen_time"] = f.LastSeenAt.ToUnixTimeMilliseconds(),
                ["modified_time"] = e.OccurredAt.ToUnixTimeMilliseconds(),
            },
            ["resources"] = new JsonArray(new JsonObject
            {
                ["uid"] = f.ResourceArn,
                ["name"] = f.ResourceId,
                ["type"] = ResourceType(f.ResourceType),
                ["cloud_partition"] = partition,
            }),
            ["unmapped"] = Unmapped(e),
        };
        if (Reason(e) is { } detail)
        {
            ocsf["status_detail"] = detail;
        }
        if (f.Evidence.Count > 0)
        {
            var data = new JsonObject();
            foreach (var (key, value) in f.Evidence.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                data[key] = value;
            }
            ocsf["evidences"] = new JsonArray(new JsonObject { ["data"] = data });
        }
        return ocsf;
    }

    /// <summary>Create (1) for opened and resync, Close (3) for resolved, Update (2) for the rest.</summary>
    public static (int Id, string Name) Activity(string transition) => transition switch
    {
        Transitions.Opened or Transitions.Resync => (1, "Create"),
        Transitions.Resolved => (3, "Close"),
        _ => (2, "Update"),
    };

    private static (int Id, string Name) Status(string transition, string findingStatus) => (transition, findingStatus) switch
    {
        (Transitions.Resolved, _) or (_, "resolved") => (4, "Resolved"),
        (Transitions.Suppressed, _) or (_, "suppressed") => (3, "Suppressed"),
        _ => (1, "New"),
    };

    private static (int Id, string Name) Severity(string severity) => severity.ToLowerInvariant() switch
    {
        "low" => (2, "Low"),
        "medium" => (3, "Medium"),
        "high" => (4, "High"),
        "critical" => (5, "Critical"),
        _ => (0, "Unknown"),
    };

    private static string ResourceType(string type) => type switch
    {
        "iam-user" => "AWS::IAM::User",
        "iam-role" => "AWS::IAM::Role",
        "access-key" => "AWS::IAM::AccessKey",
        "aws-account" => "AWS::::Account",
        _ => type,
    };

    private static string Partition(string arn) => arn.Split(':') is [_, { Length: > 0 } partition, ..] ? partition : "aws";

    private static string? Reason(DeliveryEvent e) => e.Transition switch
    {
        Transitions.Resolved => e.Reason == "resource-gone" ? "The resource no longer exists." : "The condition no longer holds.",
        Transitions.Suppressed => $"Suppressed by {e.Actor}: {e.Reason}",
        Transitions.Unsuppressed => $"Suppression lifted by {e.Actor}.",
        _ => null,
    };

    private static JsonObject Unmapped(DeliveryEvent e)
    {
        var f = e.Finding;
        var unmapped = new JsonObject
        {
            ["transition"] = e.Transition,
            ["finding_status"] = f.Status,
            ["stream_version"] = e.Version,
            ["resource_type"] = f.ResourceType,
            ["data_observed_time"] = f.DataObservedAt.ToUnixTimeMilliseconds(),
        };
        if (e.Test)
        {
            unmapped["test"] = true;
        }
        if (f.IdentityId is { } identity)
        {
            unmapped["identity_id"] = identity.ToString();
        }
        if (f.CisControl is { } cis)
        {
            unmapped["cis_control"] = cis;
        }
        if (e.ChangedFields.Count > 0)
        {
            unmapped["changed_fields"] = new JsonArray([.. e.ChangedFields.Select(c => JsonValue.Create(c))]);
        }
        if (e.SuppressedUntil is { } until)
        {
            unmapped["suppressed_until"] = until.ToUnixTimeMilliseconds();
        }
        return unmapped;
    }
}
