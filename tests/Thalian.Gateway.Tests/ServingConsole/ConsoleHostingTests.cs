using System.Net;

namespace Thalian.Gateway.Tests.ServingConsole;

public sealed class When_the_gateway_serves_the_console : GatewayHarness
{
    private readonly string directory = System.IO.Directory.CreateTempSubdirectory("thalian-console-").FullName;

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            System.IO.Directory.CreateDirectory(Path.Combine(directory, "assets"));
            File.WriteAllText(Path.Combine(directory, "index.html"), "<!doctype html><title>Thalian</title><div id=root></div>");
            File.WriteAllText(Path.Combine(directory, "assets", "index-abc123.js"), "console.log('thalian')");
            return new Dictionary<string, string?> { ["Thalian:Gateway:ConsoleDirectory"] = directory };
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        System.IO.Directory.Delete(directory, recursive: true);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/findings?status=open")]
    [InlineData("/integrations/connect/aws")]
    public async Task Client_routes_get_the_shell_with_a_strict_content_security_policy(string path)
    {
        using var response = await ClientWithKey(null).GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<div id=root>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hashed_assets_are_served_and_cached_for_good()
    {
        using var response = await ClientWithKey(null).GetAsync("/assets/index-abc123.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("immutable", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/api/v1/nothing-here")]
    [InlineData("GET", "/health/nothing")]
    [InlineData("POST", "/findings")]
    public async Task The_fallback_never_shadows_the_api(string method, string path)
    {
        using var response = await ClientWithKey(null).SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.NotEqual("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Unauthorized, $"{method} {path}: {response.StatusCode}");
    }

    [Fact]
    public async Task The_api_document_and_health_still_answer()
    {
        using var client = ClientWithKey(null);
        using var document = await client.GetAsync("/openapi/v1.json");
        using var health = await client.GetAsync("/health/live");

        Assert.Equal("application/json", document.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
