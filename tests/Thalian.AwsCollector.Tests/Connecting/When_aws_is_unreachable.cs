using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Thalian.AwsCollector.Tests.Fixtures;

namespace Thalian.AwsCollector.Tests.Connecting;

/// <summary>The AWS endpoint is a loopback port nobody listens on.</summary>
public sealed class UnreachableAwsFixture : CollectorFixture
{
    protected override Task<Uri> StartAwsAsync() => Task.FromResult(new Uri($"http://127.0.0.1:{MotoServer.FreePort()}/"));
}

public sealed class When_aws_is_unreachable(UnreachableAwsFixture fixture) : IClassFixture<UnreachableAwsFixture>
{
    [Fact]
    public async Task Connecting_answers_502_and_stores_nothing()
    {
        using var response = await fixture.Host.ConnectAsync("tenant-offline", EmulatorCollectorFixture.Keys(1));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("AWS could not be reached", problem.GetProperty("title").GetString());
        using var client = fixture.Host.CreateClientFor("tenant-offline");
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/v1/integrations/aws")).EnumerateArray());
    }
}
