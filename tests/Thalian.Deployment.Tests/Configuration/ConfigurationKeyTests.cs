namespace Thalian.Deployment.Tests.Configuration;

public class ConfigurationKeyTests
{
    [Theory]
    [InlineData("gateway")]
    [InlineData("aws-collector")]
    [InlineData("idp-collector")]
    [InlineData("correlation")]
    [InlineData("findings")]
    [InlineData("delivery")]
    public void Every_service_reads_its_connections_and_the_token_keys(string service)
    {
        var read = ConfigurationKeys.ReadBy(service);
        Assert.True(read.Reads("ConnectionStrings:Postgres"));
        Assert.True(read.Reads("Thalian:Internal:TokenPublicKeysFile"));
        Assert.True(read.Reads("Thalian:Schema"));
        Assert.True(read.Reads("OTEL_EXPORTER_OTLP_ENDPOINT"));
        Assert.False(read.Reads("Thalian:NoSuchSection:NoSuchSetting"));
        Assert.False(read.Reads("ConnectionStrings:Redis"));
    }

    [Fact]
    public void Only_the_gateway_reads_the_proxy_cluster_addresses()
    {
        const string address = "ReverseProxy:Clusters:findings:Destinations:primary:Address";
        Assert.True(ConfigurationKeys.ReadBy("gateway").Reads(address));
        Assert.False(ConfigurationKeys.ReadBy("findings").Reads(address));
        Assert.False(ConfigurationKeys.ReadBy("gateway").Reads("ReverseProxy:Clusters:nowhere:Destinations:primary:Address"));
    }

    [Fact]
    public void Environment_names_map_double_underscores_to_sections() =>
        Assert.Equal("Thalian:Aws:SyncInterval", ConfigurationKeys.FromEnvironmentName("Thalian__Aws__SyncInterval"));
}
