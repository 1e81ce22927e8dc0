using System.Text.Json.Nodes;
using Thalian.Delivery.Destinations.SecurityHub;

namespace Thalian.Delivery.Tests.SecurityHub;

public sealed class AsffTests
{
    private static readonly SecurityHubSettings Settings = new() { Region = "eu-west-1" };

    [Fact]
    public void A_finding_carries_every_field_asff_requires()
    {
        var f = SampleFindings.Orphaned();

        var asff = Asff.Map(SampleFindings.Event(f, "opened", DateTimeOffset.Parse("2026-12-02T10:00:00Z")), Settings);

        string[] required = ["SchemaVersion", "Id", "ProductArn", "GeneratorId", "AwsAccountId", "Types", "CreatedAt", "UpdatedAt", "Severity", "Title", "Description", "Resources"];
        Assert.All(required, name => Assert.NotNull(asff[name]));
        Assert.Equal("2018-10-08", (string?)asff["SchemaVersion"]);
        Assert.Equal($"thalian/{f.FindingId}", (string?)asff["Id"]);
        Assert.Equal("arn:aws:securityhub:eu-west-1:111111111111:product/111111111111/default", (string?)asff["ProductArn"]);
        Assert.Equal("orphaned-iam-user", (string?)asff["GeneratorId"]);
        Assert.Equal("2026-11-01T08:00:00.250Z", (string?)asff["CreatedAt"]);
        Assert.Equal("2026-12-02T10:00:00.000Z", (string?)asff["UpdatedAt"]);
        Assert.Equal("AwsIamUser", (string?)asff["Resources"]![0]!["Type"]);
        Assert.Equal(f.ResourceArn, (string?)asff["Resources"]![0]!["Id"]);
        Assert.Equal(("ACTIVE", "FAILED"), ((string?)asff["RecordState"], (string?)asff["Compliance"]!["Status"]));
        Assert.Contains("CIS AWS Foundations Benchmark", asff["Types"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("true", (string?)asff["ProductFields"]!["thalian/evidence/accessKey1Active"]);
    }

    [Theory]
    [InlineData("critical", "CRITICAL", 90)]
    [InlineData("high", "HIGH", 70)]
    [InlineData("medium", "MEDIUM", 40)]
    [InlineData("low", "LOW", 1)]
    [InlineData("odd", "INFORMATIONAL", 0)]
    public void Severity_has_a_label_and_a_normalized_score_in_its_range(string severity, string label, int normalized)
    {
        var asff = Asff.Map(SampleFindings.Event(SampleFindings.Orphaned() with { Severity = severity }, "opened", DateTimeOffset.UtcNow), Settings);

        Assert.Equal(label, (string?)asff["Severity"]!["Label"]);
        Assert.Equal(normalized, (int)asff["Severity"]!["Normalized"]!);
    }

    [Theory]
    [InlineData("open", "ACTIVE", "FAILED")]
    [InlineData("resolved", "ARCHIVED", "PASSED")]
    [InlineData("suppressed", "ARCHIVED", "FAILED")]
    public void Resolved_and_suppressed_findings_are_archived(string status, string recordState, string compliance)
    {
        var asff = Asff.Map(SampleFindings.Event(SampleFindings.Orphaned(status), "x", DateTimeOffset.UtcNow), Settings);

        Assert.Equal((recordState, compliance), ((string?)asff["RecordState"], (string?)asff["Compliance"]!["Status"]));
    }

    [Fact]
    public void An_account_resource_uses_the_documented_account_id_form_and_long_text_is_cut_to_its_limit()
    {
        var f = SampleFindings.Orphaned() with { ResourceType = "aws-account", ResourceArn = "arn:aws:iam::111111111111:root", Summary = new string('d', 5000) };

        var asff = Asff.Map(SampleFindings.Event(f, "opened", DateTimeOffset.UtcNow), Settings);

        Assert.Equal(("AwsAccount", "AWS::::Account:111111111111"), ((string?)asff["Resources"]![0]!["Type"], (string?)asff["Resources"]![0]!["Id"]));
        Assert.Equal(1024, ((string)asff["Description"]!).Length);
    }

    [Fact]
    public void Batches_hold_at_most_100_findings_and_a_finding_once()
    {
        JsonObject Finding(int n) => new() { ["Id"] = $"thalian/{n}" };
        var findings = Enumerable.Range(0, 150).Select(Finding).Append(Finding(149)).Append(Finding(1)).ToList();

        var batches = SecurityHubBatches.Split(findings).ToList();

        Assert.Equal([100, 50, 2], batches.Select(b => b.Count));
        Assert.Equal(findings, batches.SelectMany(b => b));
        Assert.All(batches, b => Assert.Equal(b.Count, b.Select(f => (string?)f["Id"]).Distinct().Count()));
    }
}
