using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Thalian.Delivery.Destinations.SecurityHub;

namespace Thalian.Delivery.Tests.SecurityHub;

/// <summary>The production client and mapper against moto's Security Hub, read back with boto3.</summary>
public sealed class SecurityHubImportTests(MotoSecurityHub moto) : IClassFixture<MotoSecurityHub>
{
    private readonly SecurityHubClient client = new(new HttpClient());

    [Fact]
    public async Task Each_transition_converges_the_one_finding_security_hub_holds()
    {
        var region = "eu-west-1";
        var settings = Settings(region);
        var finding = SampleFindings.Orphaned() with { FindingId = Guid.NewGuid(), AccountId = "123456789012", ResourceArn = "arn:aws:iam::123456789012:user/ops/bob" };
        var steps = new (string Transition, string Status, string RecordState, string Compliance)[]
        {
            ("opened", "open", "ACTIVE", "FAILED"),
            ("updated", "open", "ACTIVE", "FAILED"),
            ("resolved", "resolved", "ARCHIVED", "PASSED"),
            ("reopened", "open", "ACTIVE", "FAILED"),
            ("suppressed", "suppressed", "ARCHIVED", "FAILED"),
        };
        var at = DateTimeOffset.Parse("2026-12-02T10:00:00Z");
        foreach (var (step, i) in steps.Select((s, i) => (s, i)))
        {
            var state = finding with { Status = step.Status, Title = $"title {i}" };
            var failed = await client.BatchImportFindingsAsync(Credentials(), settings, [Asff.Map(SampleFindings.Event(state, step.Transition, at.AddMinutes(i)), settings)], CancellationToken.None);

            Assert.Empty(failed);
            var held = Assert.Single(await moto.FindingsAsync(region), f => f.GetProperty("Id").GetString() == $"thalian/{finding.FindingId}");
            Assert.Equal(step.RecordState, held.GetProperty("RecordState").GetString());
            Assert.Equal(step.Compliance, held.GetProperty("Compliance").GetProperty("Status").GetString());
            Assert.Equal(step.Transition, held.GetProperty("ProductFields").GetProperty("thalian/transition").GetString());
            Assert.Equal($"title {i}", held.GetProperty("Title").GetString());
            Assert.Equal("orphaned-iam-user", held.GetProperty("GeneratorId").GetString());
            Assert.Equal("arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default", held.GetProperty("ProductArn").GetString());
            Assert.Equal("HIGH", held.GetProperty("Severity").GetProperty("Label").GetString());
            Assert.Equal(finding.ResourceArn, held.GetProperty("Resources")[0].GetProperty("Id").GetString());
        }
    }

    [Fact]
    public async Task Many_findings_go_in_calls_of_at_most_100_and_all_arrive()
    {
        var region = "us-west-2";
        var settings = Settings(region);
        var findings = Enumerable.Range(0, 230).Select(n => Asff.Map(SampleFindings.Event(SampleFindings.Orphaned() with { FindingId = Guid.NewGuid(), AccountId = "123456789012" },
            "opened", DateTimeOffset.UtcNow), settings)).ToList();

        var calls = 0;
        foreach (var batch in SecurityHubBatches.Split(findings))
        {
            Assert.Empty(await client.BatchImportFindingsAsync(Credentials(), settings, batch, CancellationToken.None));
            calls++;
        }

        Assert.Equal(3, calls);
        var held = await moto.FindingsAsync(region);
        Assert.Equal(findings.Select(f => (string?)f["Id"]).Order(), held.Select(f => f.GetProperty("Id").GetString()).Order());
    }

    [Fact]
    public async Task Findings_security_hub_refuses_come_back_by_id_with_the_reason()
    {
        var settings = Settings("ap-southeast-2");
        var good = Asff.Map(SampleFindings.Event(SampleFindings.Orphaned() with { FindingId = Guid.NewGuid(), AccountId = "123456789012" }, "opened", DateTimeOffset.UtcNow), settings);
        var bad = Asff.Map(SampleFindings.Event(SampleFindings.Orphaned() with { FindingId = Guid.NewGuid(), AccountId = "123456789012" }, "opened", DateTimeOffset.UtcNow), settings);
        bad["Resources"] = new JsonArray();

        var failed = await client.BatchImportFindingsAsync(Credentials(), settings, [good, bad], CancellationToken.None);

        var refused = Assert.Single(failed);
        Assert.Equal((string?)bad["Id"], refused.Id);
        Assert.Equal("InvalidInput", refused.ErrorCode);
        Assert.Contains("resource", refused.ErrorMessage, StringComparison.OrdinalIgnoreCase);
        Assert.False(refused.Retryable);
        Assert.Single(await moto.FindingsAsync("ap-southeast-2"));
    }

    [Fact]
    public async Task A_wrong_secret_is_a_permanent_failure_that_names_the_credentials()
    {
        var settings = Settings("eu-central-1");
        var finding = Asff.Map(SampleFindings.Event(SampleFindings.Orphaned(), "opened", DateTimeOffset.UtcNow), settings);

        var failure = await Assert.ThrowsAsync<SecurityHubException>(() =>
            client.BatchImportFindingsAsync(new BasicAWSCredentials(moto.AccessKeyId, "wrong-secret"), settings, [finding], CancellationToken.None));

        Assert.True(failure.Permanent);
        Assert.Contains("credentials were refused", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_with_an_account_placeholder_imports_each_finding_in_its_own_account()
    {
        var region = "ca-central-1";
        var settings = Settings(region) with { AccessKeyId = moto.AccessKeyId, RoleArn = "arn:aws:iam::{accountId}:role/ThalianSecurityHub", ExternalId = "thalian-ext" };
        var credentials = new SecurityHubCredentials(TimeProvider.System);
        var finding = SampleFindings.Orphaned() with { FindingId = Guid.NewGuid(), AccountId = "222222222222" };

        var session = await credentials.ForAccountAsync(settings, moto.SecretAccessKey, "222222222222", CancellationToken.None);
        var failed = await client.BatchImportFindingsAsync(session, settings, [Asff.Map(SampleFindings.Event(finding, "opened", DateTimeOffset.UtcNow), settings)], CancellationToken.None);

        Assert.Empty(failed);
        var identity = await session.GetCredentialsAsync();
        var held = await moto.FindingsAsync(region, identity.AccessKey, identity.SecretKey, identity.Token);
        Assert.Equal("222222222222", Assert.Single(held).GetProperty("AwsAccountId").GetString());
        Assert.Empty(await moto.FindingsAsync(region));
    }

    private BasicAWSCredentials Credentials() => new(moto.AccessKeyId, moto.SecretAccessKey);

    private SecurityHubSettings Settings(string region) => new() { Region = region, EndpointOverride = moto.Endpoint, AccessKeyId = moto.AccessKeyId };
}
