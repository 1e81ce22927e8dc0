using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Thalian.Delivery.Tests.Fixtures;
using Thalian.Testing;

namespace Thalian.Delivery.Tests.SecurityHub;

/// <summary>The delivery service end to end: finding events on RabbitMQ → an aws-security-hub destination → moto, read back with boto3.</summary>
public sealed class SecurityHubDeliveryTests(DeliveryHost host, MotoSecurityHub moto) : IClassFixture<DeliveryHost>, IClassFixture<MotoSecurityHub>
{
    private const string Account = "123456789012";

    private object Destination(string region, string secret) => new
    {
        type = "aws-security-hub",
        displayName = "Security Hub",
        settings = new { region, accessKeyId = moto.AccessKeyId, endpointOverride = moto.Endpoint },
        secrets = new Dictionary<string, string> { ["secretAccessKey"] = secret },
    };

    [Fact]
    public async Task Each_transition_of_a_lifecycle_reaches_security_hub_in_order_and_it_ends_archived()
    {
        var region = "eu-north-1";
        var tenant = "tenant-" + Guid.NewGuid().ToString("N")[..6];
        await host.CreateDestinationAsync(tenant, Destination(region, moto.SecretAccessKey));
        var lifecycle = new Lifecycle(tenant, account: Account);
        string[] recordStates = ["ACTIVE", "ACTIVE", "ARCHIVED", "ACTIVE", "ARCHIVED"];
        string[] compliance = ["FAILED", "FAILED", "PASSED", "FAILED", "FAILED"];

        foreach (var (message, i) in lifecycle.Messages().Select((m, i) => (m, i)))
        {
            await Lifecycle.PublishAsync(host, message);
            var held = await Eventually.Get(async () =>
            {
                var findings = await moto.FindingsAsync(region);
                return findings.Where(f => f.GetProperty("Id").GetString() == $"thalian/{lifecycle.FindingId}")
                    .Select(f => (JsonElement?)f).SingleOrDefault(f => f!.Value.GetProperty("ProductFields").GetProperty("thalian/eventId").GetString() == message.EventId.ToString());
            }, what: $"Security Hub to hold the {Lifecycle.Transitions[i]} state");

            var finding = held!.Value;
            Assert.Equal(Lifecycle.Transitions[i], finding.GetProperty("ProductFields").GetProperty("thalian/transition").GetString());
            Assert.Equal(recordStates[i], finding.GetProperty("RecordState").GetString());
            Assert.Equal(compliance[i], finding.GetProperty("Compliance").GetProperty("Status").GetString());
            Assert.Equal("stale-iam-user", finding.GetProperty("GeneratorId").GetString());
            Assert.Equal($"arn:aws:securityhub:{region}:{Account}:product/{Account}/default", finding.GetProperty("ProductArn").GetString());
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), finding.GetProperty("ProductFields").GetProperty("thalian/evidence/step").GetString());
        }
        Assert.Single(await moto.FindingsAsync(region), f => f.GetProperty("Id").GetString() == $"thalian/{lifecycle.FindingId}");
    }

    [Fact]
    public async Task Refused_credentials_put_the_destination_in_failing_and_new_ones_deliver_what_waited()
    {
        var region = "sa-east-1";
        var tenant = "tenant-" + Guid.NewGuid().ToString("N")[..6];
        const string wrongSecret = "wrongSecretKeyForTheTest0000000000000000";
        var created = await host.CreateDestinationAsync(tenant, Destination(region, wrongSecret));
        var id = (string)created["id"]!;
        var lifecycle = new Lifecycle(tenant, account: Account);
        await Lifecycle.PublishAsync(host, lifecycle.Messages()[0]);

        var failing = await host.StatusWhen(tenant, id, s => (string?)s["state"] == "failing", "the destination to fail");
        Assert.Contains("credentials were refused", (string?)failing["reason"], StringComparison.Ordinal);
        Assert.DoesNotContain(wrongSecret, (await host.GetDestinationAsync(tenant, id)).ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(wrongSecret, StringComparison.Ordinal));

        using var admin = host.Admin(tenant);
        using var fixedCredentials = await admin.PutAsJsonAsync($"/api/v1/destinations/{id}", Destination(region, moto.SecretAccessKey));
        Assert.Equal(HttpStatusCode.OK, fixedCredentials.StatusCode);

        await host.StatusWhen(tenant, id, s => (string?)s["state"] == "active" && (long)s["backlog"]! == 0, "the waiting event to be delivered");
        Assert.Single(await moto.FindingsAsync(region), f => f.GetProperty("Id").GetString() == $"thalian/{lifecycle.FindingId}");
    }

    [Theory]
    [InlineData("""{"region": "Mars-1"}""", "settings.region")]
    [InlineData("""{"region": "eu-west-1", "accessKeyId": "not-a-key"}""", "settings.accessKeyId")]
    [InlineData("""{"region": "eu-west-1", "accessKeyId": "AKIAIOSFODNN7EXAMPLE"}""", "secrets.secretAccessKey")]
    [InlineData("""{"region": "eu-west-1", "roleArn": "arn:aws:s3:::bucket"}""", "settings.roleArn")]
    [InlineData("""{"region": "eu-west-1", "partition": "aws-mars"}""", "settings.partition")]
    public async Task A_malformed_setting_is_a_400_with_the_field(string settings, string field)
    {
        using var admin = host.Admin("tenant-" + Guid.NewGuid().ToString("N")[..6]);

        using var response = await admin.PostAsJsonAsync("/api/v1/destinations",
            new { type = "aws-security-hub", displayName = "x", settings = System.Text.Json.Nodes.JsonNode.Parse(settings) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.NotNull(problem["errors"]![field]);
    }
}
