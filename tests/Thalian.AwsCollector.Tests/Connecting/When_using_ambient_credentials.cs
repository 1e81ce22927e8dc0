using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Thalian.AwsCollector.Tests.Fixtures;

namespace Thalian.AwsCollector.Tests.Connecting;

/// <summary>Self-hosted mode: the default AWS credential chain (here its environment-variable step) instead of stored keys.</summary>
public sealed class AmbientCredentialsFixture : EmulatorCollectorFixture
{
    protected override IDictionary<string, string?>? ExtraSettings => new Dictionary<string, string?> { ["Thalian:Aws:AllowAmbientCredentials"] = "true" };

    public override Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", KeyId(10));
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", Secret(10));
        return base.InitializeAsync();
    }
}

public sealed class When_using_ambient_credentials(AmbientCredentialsFixture fixture) : IClassFixture<AmbientCredentialsFixture>
{
    [Fact]
    public async Task A_connection_without_stored_keys_syncs_with_the_default_chain()
    {
        var (tenant, id, sync) = await fixture.ConnectAndSyncAsync(new { useAmbientCredentials = true });

        Assert.Equal("100000000010", sync.Completed.AccountId);
        Assert.True(sync.Completed.Complete, sync.Completed.Error);
        var connection = await fixture.GetConnectionAsync(tenant, id);
        Assert.True(connection.GetProperty("usesAmbientCredentials").GetBoolean());
    }

    [Fact]
    public async Task Keys_and_the_default_chain_cannot_be_mixed()
    {
        using var response = await fixture.Host.ConnectAsync("tenant-mixed", new { useAmbientCredentials = true, accessKeyId = EmulatorCollectorFixture.KeyId(9) });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("useAmbientCredentials", out _));
    }
}
