using System.Net;
using Thalian.Testing;

namespace Thalian.Platform.Tests;

public sealed class When_a_service_starts_on_real_infrastructure : IsolatedInfrastructure
{
    [Fact]
    public async Task Ready_reports_postgres_and_rabbitmq_healthy()
    {
        await using var correlation = new ServiceFactory<Thalian.Correlation.CorrelationService>(this, "correlation");
        using var client = correlation.CreateClient();

        var body = await Eventually.Get(async () =>
        {
            using var response = await client.GetAsync("/health/ready");
            var text = await response.Content.ReadAsStringAsync();
            return response.StatusCode == HttpStatusCode.OK ? text : null;
        }, what: "a healthy /health/ready");

        Assert.Contains("\"postgres\":{\"status\":\"Healthy\"", body, StringComparison.Ordinal);
        Assert.Contains("\"masstransit-bus\":{\"status\":\"Healthy\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_requests_without_a_gateway_token_are_rejected()
    {
        await using var correlation = new ServiceFactory<Thalian.Correlation.CorrelationService>(this, "correlation");
        using var client = correlation.CreateClient();

        using var response = await client.GetAsync("/api/v1/identities");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
