using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Thalian.Gateway.Tests;

public sealed class When_requests_arrive_in_volume_or_size : GatewayHarness
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Thalian:Gateway:RateLimit:PermitsPerWindow"] = "3",
        ["Thalian:Gateway:RateLimit:Window"] = "00:10:00",
        ["Thalian:Gateway:MaxRequestBodyBytes"] = "1024",
    };

    [Fact]
    public async Task Each_key_has_its_own_rate_limit()
    {
        var (tenant, busy) = await CreateTenantAsync("busy");
        var other = await CreateKeyAsync(tenant, "reader");
        using var busyClient = ClientWithKey(busy);
        using var otherClient = ClientWithKey(other);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await busyClient.GetAsync("/api/v1/findings");
            statuses.Add(response.StatusCode);
        }
        using var limited = await busyClient.GetAsync("/api/v1/findings");
        using var otherResponse = await otherClient.GetAsync("/api/v1/findings");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, otherResponse.StatusCode);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413()
    {
        var (_, admin) = await CreateTenantAsync("big");
        using var client = ClientWithKey(admin);

        using var response = await client.PostAsync("/api/v1/integrations/aws", new StringContent(new string('x', 2048)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}

public sealed class When_one_tenant_uses_many_keys : GatewayHarness
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Thalian:Gateway:RateLimit:PermitsPerWindow"] = "3",
        ["Thalian:Gateway:RateLimit:TenantPermitsPerWindow"] = "5",
        ["Thalian:Gateway:RateLimit:Window"] = "00:10:00",
    };

    [Fact]
    public async Task The_tenant_has_a_limit_of_its_own_and_other_tenants_keep_theirs()
    {
        var (busy, first) = await CreateTenantAsync("many keys");
        var (_, neighbour) = await CreateTenantAsync("neighbour");
        var keys = new[] { first, await CreateKeyAsync(busy, "reader"), await CreateKeyAsync(busy, "reader") };

        var statuses = new List<HttpStatusCode>();
        foreach (var key in keys)
        {
            using var client = ClientWithKey(key);
            for (var i = 0; i < 2; i++)
            {
                using var response = await client.GetAsync("/api/v1/findings");
                statuses.Add(response.StatusCode);
            }
        }
        using var neighbourClient = ClientWithKey(neighbour);
        using var neighbourResponse = await neighbourClient.GetAsync("/api/v1/findings");

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, neighbourResponse.StatusCode);
    }
}

public sealed class When_a_request_is_traced : GatewayHarness
{
    [Fact]
    public async Task The_callers_correlation_id_is_forwarded_and_echoed()
    {
        var (_, admin) = await CreateTenantAsync("traced");
        using var client = ClientWithKey(admin);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/findings");
        request.Headers.Add("X-Correlation-Id", "demo-123");

        using var response = await client.SendAsync(request);
        var echo = await Echo.ReadAsync(response);

        Assert.Equal("demo-123", echo.CorrelationId);
        Assert.Equal("demo-123", response.Headers.GetValues("X-Correlation-Id").Single());
    }

    [Fact]
    public async Task A_missing_or_unsafe_correlation_id_is_replaced_by_a_generated_one()
    {
        var (_, admin) = await CreateTenantAsync("traced");
        using var client = ClientWithKey(admin);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/findings");
        request.Headers.TryAddWithoutValidation("X-Correlation-Id", "bad id\" with quotes");

        using var response = await client.SendAsync(request);
        var echo = await Echo.ReadAsync(response);

        Assert.Matches("^[0-9a-f]{32}$", echo.CorrelationId);
        Assert.Equal(echo.CorrelationId, response.Headers.GetValues("X-Correlation-Id").Single());
    }

    [Fact]
    public async Task The_public_api_document_and_reference_page_are_served_without_a_key()
    {
        using var client = ClientWithKey(null);

        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        using var page = await client.GetAsync("/docs");

        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task The_public_api_document_describes_every_routed_path_and_the_gateways_own()
    {
        using var client = ClientWithKey(null);
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        var routed = Gateway.Services.GetRequiredService<IConfiguration>().GetSection("ReverseProxy:Routes").GetChildren()
            .Select(r => r["Match:Path"]!.Replace("/{**rest}", "", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(routed);
        Assert.All(routed, prefix => Assert.Contains(paths, p => p.StartsWith(prefix, StringComparison.Ordinal)));
        Assert.Contains("/api/v1/keys", paths);
        Assert.Contains("/api/v1/keys/{id}", paths);
        Assert.Contains("/api/v1/integrations", paths);
    }
}
