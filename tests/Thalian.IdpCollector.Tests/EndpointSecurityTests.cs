using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Thalian.Contracts.Idp;
using Thalian.Testing;

namespace Thalian.IdpCollector.Tests;

/// <summary>
/// Custom endpoints are on, as while the demo runs: only sandbox (demo/test) tenants may use them, redirects never
/// carry a credential anywhere, and a remote body never comes back in an error.
/// </summary>
public sealed class Endpoint_security_while_custom_endpoints_are_on(CollectorHarness harness) : IClassFixture<CollectorHarness>
{
    [Fact]
    public async Task A_real_tenants_connect_to_a_loopback_port_is_a_400_and_nothing_connects_to_it()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = listener.AcceptTcpClientAsync();
        using var client = harness.Collector.CreateClientFor("real-tenant", sandbox: false);

        using var response = await client.PostAsJsonAsync("/api/v1/integrations/jumpcloud",
            new { displayName = "JumpCloud", apiKey = "jc-key", region = "US", baseUrl = $"http://127.0.0.1:{port}" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("baseUrl", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Task.Delay(200); // a connection attempt, had one been made, would have been accepted by now
        Assert.False(accepted.IsCompleted);
        listener.Stop();
    }

    [Fact]
    public async Task A_sandbox_tenant_may_still_use_the_emulator()
    {
        using var client = harness.Collector.CreateClientFor("sandbox-tenant");

        using var response = await client.PostAsJsonAsync("/api/v1/integrations/jumpcloud", harness.ConnectBody(IdpProviders.JumpCloud));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_redirecting_vendor_host_does_not_deliver_the_credential_to_the_target()
    {
        await using var target = await RecordingHost.StartAsync(_ => Results.Json(new { results = Array.Empty<object>(), totalCount = 0 }));
        await using var redirector = await RecordingHost.StartAsync(c => Results.Redirect(new Uri(target.Address, c.Request.Path + c.Request.QueryString).ToString()));
        using var client = harness.Collector.CreateClientFor("redirected-tenant");

        using var response = await client.PostAsJsonAsync("/api/v1/integrations/jumpcloud",
            new { displayName = "JumpCloud", apiKey = "jc-secret-key", region = "US", baseUrl = redirector.Address.ToString().TrimEnd('/') });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(redirector.Requests, r => r.Headers.GetValueOrDefault("x-api-key") == "jc-secret-key");
        Assert.DoesNotContain(target.Requests, r => r.Headers.ContainsKey("x-api-key"));
        Assert.Empty(target.Requests);
    }

    [Fact]
    public async Task An_error_detail_never_echoes_the_remote_body()
    {
        await using var internalService = await RecordingHost.StartAsync(_ =>
            Results.Content("<html>internal-admin-console db_password=hunter2</html>", "text/html", statusCode: 400));
        using var client = harness.Collector.CreateClientFor("echo-tenant");

        using var response = await client.PostAsJsonAsync("/api/v1/integrations/jumpcloud",
            new { displayName = "JumpCloud", apiKey = "jc-key", region = "US", baseUrl = internalService.Address.ToString().TrimEnd('/') });
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.DoesNotContain("hunter2", body, StringComparison.Ordinal);
        Assert.DoesNotContain("internal-admin-console", body, StringComparison.Ordinal);
        Assert.Contains("400", body, StringComparison.Ordinal);
    }
}
