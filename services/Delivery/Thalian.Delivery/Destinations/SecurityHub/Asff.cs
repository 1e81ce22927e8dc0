using System.Text.Json.Nodes;
using Thalian.Contracts.Findings;

namespace Thalian.Delivery.Destinations.SecurityHub;

/// <summary>
/// A finding transition in the AWS Security Finding Format. One finding keeps one <c>Id</c> for its whole life;
/// resolved and suppressed findings are archived (resolved ones with compliance PASSED) so Security Hub holds no
/// stale findings, and a reopened one becomes ACTIVE again (Security Hub then resets its workflow to NEW itself).
/// </summary>
public static class Asff
{
    public const string SchemaVersion = "2018-10-08";
    private const int MaxProductFields = 50;

    public static string FindingId(FindingDetails f) => $"thalian/{f.FindingId}";

    public static string ProductArn(string partition, string region, string accountId) =>
        $"arn:{partition}:securityhub:{region}:{accountId}:product/{accountId}/default";

    /// <summary>A test event is imported archived and titled as a test, so it never shows as an active finding.</summary>
    public static JsonObject Map(DeliveryEvent e, SecurityHubSettings settings)
    {
        var f = e.Finding;
        var region = settings.Region!;
        var fields = new JsonObject
        {
            ["thalian/transition"] = e.Test ? "test" : e.Transition,
            ["thalian/status"] = f.Status,
            ["thalian/eventId"] = e.EventId.ToString(),
            ["thalian/tenantId"] = f.TenantId,
            ["thalian/ruleId"] = f.RuleId,
            ["thalian/resourceId"] = f.ResourceId,
        };
        if (f.IdentityId is { } identity)
        {
            fields["thalian/identityId"] = identity.ToString();
        }
        foreach (var (key, value) in f.Evidence.OrderBy(e => e.Key, StringComparer.Ordinal).Take(MaxProductFields - fields.Count))
        {
            fields[$"thalian/evidence/{Truncate(key, 100)}"] = Truncate(value, 2048);
        }
        var archived = e.Test || f.Status is "resolved" or "suppressed";
        var finding = new JsonObject
        {
            ["SchemaVersion"] = SchemaVersion,
            ["Id"] = FindingId(f),
            ["ProductArn"] = ProductArn(settings.Partition, region, f.AccountId),
            ["ProductName"] = "Thalian",
            ["CompanyName"] = "Thalian",
            ["GeneratorId"] = f.RuleId,
            ["AwsAccountId"] = f.AccountId,
            ["Region"] = region,
            ["Types"] = Types(f),
            ["CreatedAt"] = Time(f.FirstSeenAt),
            ["UpdatedAt"] = Time(e.OccurredAt),
            ["FirstObservedAt"] = Time(f.FirstSeenAt),
            ["LastObservedAt"] = Time(f.LastSeenAt),
            ["Severity"] = new JsonObject { ["Label"] = Label(f.Severity), ["Normalized"] = Normalized(f.Severity), ["Original"] = f.Severity },
            ["Title"] = Truncate(f.Title, 256),
            ["Description"] = Truncate(f.Summary, 1024),
            ["Resources"] = new JsonArray(Resource(f, settings)),
            ["Compliance"] = new JsonObject { ["Status"] = f.Status == "resolved" ? "PASSED" : "FAILED" },
            ["RecordState"] = archived ? "ARCHIVED" : "ACTIVE",
            ["ProductFields"] = fields,
        };
        return finding;
    }

    public static string Label(string severity) => severity.ToLowerInvariant() switch
    {
        "critical" => "CRITICAL",
        "high" => "HIGH",
        "medium" => "MEDIUM",
        "low" => "LOW",
        _ => "INFORMATIONAL",
    };

    /// <summary>ASFF's ranges: LOW 1–39, MEDIUM 40–69, HIGH 70–89, CRITICAL 90–100 (INFORMATIONAL 0).</summary>
    public static int Normalized(string severity) => Label(severity) switch
    {
        "CRITICAL" => 90,
        "HIGH" => 70,
        "MEDIUM" => 40,
        "LOW" => 1,
        _ => 0,
    };

    private static JsonArray Types(FindingDetails f)
    {
        var types = new JsonArray("Software and Configuration Checks/AWS Security Best Practices");
        if (f.CisControl is not null)
        {
            types.Add("Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark");
        }
        return types;
    }

    private static JsonObject Resource(FindingDetails f, SecurityHubSettings settings) => new()
    {
        ["Type"] = f.ResourceType switch
        {
            "iam-user" => "AwsIamUser",
            "iam-role" => "AwsIamRole",
            "access-key" => "AwsIamAccessKey",
            "aws-account" => "AwsAccount",
            _ => "Other",
        },
        // The documented form for an account resource; ARNs for the rest.
        ["Id"] = f.ResourceType == "aws-account" ? $"AWS::::Account:{f.AccountId}" : f.ResourceArn,
        ["Partition"] = settings.Partition,
        ["Region"] = settings.Region!,
        ["Details"] = new JsonObject { ["Other"] = new JsonObject { ["resourceId"] = f.ResourceId, ["resourceType"] = f.ResourceType } },
    };

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..(max - 1)] + "…";
}
