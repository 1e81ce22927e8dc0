using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Thalian.Testing;

namespace Thalian.Gateway.Tests;

public sealed class When_an_admin_deletes_their_tenant : GatewayHarness
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        // The delivery service is down: the deletion must stop before the gateway forgets the tenant.
        ["ReverseProxy:Clusters:delivery:Destinations:primary:Address"] = $"http://127.0.0.1:{FreePorts.Tcp()}/",
    };

    [Fact]
    public async Task Without_the_tenant_id_repeated_nothing_happens()
    {
        var (tenant, admin) = await CreateTenantAsync("careful");
        var reader = await CreateKeyAsync(tenant, "reader");

        using var missing = await DeleteAsync(ClientWithKey(admin), null);
        using var wrong = await DeleteAsync(ClientWithKey(admin), "another-tenant");
        using var byReader = await DeleteAsync(ClientWithKey(reader), tenant);
        var problem = await wrong.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("Repeat this tenant's id", problem.GetProperty("errors").GetProperty("confirmTenantId")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, byReader.StatusCode);
        Assert.True(await Directory.TenantExistsAsync(tenant, CancellationToken.None));
    }

    [Fact]
    public async Task A_service_that_cannot_erase_stops_it_with_a_502_and_the_keys_keep_working_for_a_retry()
    {
        var (tenant, admin) = await CreateTenantAsync("interrupted");
        using var client = ClientWithKey(admin);

        using var response = await DeleteAsync(client, tenant);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        using var afterwards = await client.GetAsync("/api/v1/findings");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("The delivery could not be reached", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("Erased so far: aws-collector, idp-collector, correlation.", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
        Assert.True(await Directory.TenantExistsAsync(tenant, CancellationToken.None));
    }

    private static Task<HttpResponseMessage> DeleteAsync(HttpClient client, string? confirm) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/tenant") { Content = JsonContent.Create(new { confirmTenantId = confirm }) });
}
