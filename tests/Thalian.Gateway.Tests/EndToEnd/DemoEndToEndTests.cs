using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Thalian.Demo;
using Thalian.Gateway.Tenancy;
using Thalian.Testing;
using Xunit.Abstractions;

namespace Thalian.Gateway.Tests.EndToEnd;

/// <summary>
/// The demo, end to end: the Kestrel Dynamics scenario in both emulators, every service on real PostgreSQL and RabbitMQ,
/// the two AWS accounts and five IdPs connected through the gateway exactly as the demo driver does, and the complete set
/// of open findings compared with deploy/demo/expected-findings.json.
/// </summary>
public sealed class When_the_demo_runs_end_to_end_through_the_gateway(ITestOutputHelper output) : IsolatedInfrastructure
{
    [Fact]
    public async Task The_open_findings_are_exactly_the_expected_ones()
    {
        var options = new DemoOptions();
        await using var emulators = await DemoEmulators.StartAsync(options.DemoDir);
        await using var platform = await DemoPlatform.StartAsync(this, emulators);
        var directory = platform.Gateway.Services.GetRequiredService<TenantDirectory>();
        var tenant = await directory.CreateTenantAsync("Kestrel Dynamics (demo)", CancellationToken.None);
        var (_, key) = await directory.CreateKeyAsync(tenant.Id, "demo", Roles.Admin, null, "test", CancellationToken.None);
        using var api = platform.Gateway.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        options = options with { AwsEmulator = emulators.Aws, IdpEmulator = emulators.Idp, IdpEmulatorHttps = emulators.IdpHttps };

        await Connecting.ConnectAllAsync(api, options);
        await Settling.WaitForFirstSyncsAsync(api, expected: 7, TimeSpan.FromMinutes(3));
        await Settling.SyncDirectoriesAgainAsync(api, TimeSpan.FromMinutes(3));
        var expected = Reporting.ExpectedKeys(Path.Combine(options.DemoDir, "expected-findings.json"));
        var findings = await Settling.WaitForFindingsAsync(api, TimeSpan.FromMinutes(3),
            f => f.Count == expected.Count && f.Select(x => x.Key).ToHashSet().SetEquals(expected));

        output.WriteLine(string.Join(Environment.NewLine, findings.Select(f => $"{f.Key}  {f.Summary}")));
        Assert.Equal(expected.Order(StringComparer.Ordinal), findings.Select(f => f.Key).Order(StringComparer.Ordinal));

        // Another tenant sees none of it, through the real services: lists are empty and ids of the demo tenant are not found.
        var other = await directory.CreateTenantAsync("Another company", CancellationToken.None);
        var (_, otherKey) = await directory.CreateKeyAsync(other.Id, "admin", Roles.Admin, null, "test", CancellationToken.None);
        using var otherApi = platform.Gateway.CreateClient();
        otherApi.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", otherKey);
        var integrations = (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/integrations"))!;
        var awsId = integrations.First(i => i.GetProperty("type").GetString() == "aws").GetProperty("id").GetString();
        var idpId = integrations.First(i => i.GetProperty("type").GetString() == "okta").GetProperty("id").GetString();
        var findingId = (await api.GetFromJsonAsync<JsonElement>("/api/v1/findings?limit=1")).GetProperty("items")[0].GetProperty("findingId").GetString();

        Assert.Empty((await otherApi.GetFromJsonAsync<JsonElement[]>("/api/v1/integrations"))!);
        Assert.Empty((await Finding.ListOpenAsync(otherApi)));
        Assert.Equal(0, (await otherApi.GetFromJsonAsync<JsonElement>("/api/v1/identities")).GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await otherApi.GetAsync($"/api/v1/findings/{findingId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/integrations/aws/{awsId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherApi.GetAsync($"/api/v1/integrations/aws/{awsId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherApi.GetAsync($"/api/v1/integrations/idp/{idpId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherApi.DeleteAsync($"/api/v1/integrations/idp/{idpId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherApi.PostAsync($"/api/v1/findings/{findingId}/unsuppress", null)).StatusCode);
    }
}
