using System.Text.Json.Nodes;
using Thalian.Delivery.Tests.Fixtures;

namespace Thalian.Delivery.Tests.Types;

/// <summary>The console builds its destination forms from GET /api/v1/destinations/types: every type's settings schema and secrets.</summary>
public sealed class DestinationTypeTests(DeliveryHost host) : IClassFixture<DeliveryHost>
{
    [Fact]
    public async Task Each_type_describes_its_settings_as_a_JSON_schema_and_its_secrets_in_words()
    {
        using var reader = host.Reader(DestinationRequests.NewTenant());

        var types = JsonNode.Parse(await reader.GetStringAsync("/api/v1/destinations/types"))!.AsArray()
            .ToDictionary(t => (string)t!["type"]!, t => t!);

        Assert.Equal(["aws-security-hub", "ocsf-http", "splunk-hec", "syslog-cef", "webhook"], types.Keys.Order());
        Assert.Contains("string", types["webhook"]["settingsSchema"]!["properties"]!["url"]!["type"]!.AsArray().Select(t => (string)t!));
        Assert.Equal("boolean", (string?)types["splunk-hec"]["settingsSchema"]!["properties"]!["useAck"]!["type"]);
        Assert.Equal(["tls", "tcp", "udp"], types["syslog-cef"]["settingsSchema"]!["properties"]!["transport"]!["enum"]!.AsArray().Select(e => (string)e!));
        Assert.Contains("whsec_", (string?)types["webhook"]["secretDescriptions"]!["signingSecret"], StringComparison.Ordinal);
        Assert.Empty(types["syslog-cef"]["secrets"]!.AsArray());
        Assert.Null(types["syslog-cef"]["settingsSchema"]!["properties"]!["messageLimit"]); // derived, not a setting
    }
}
