using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Thalian.Contracts.Idp;
using Thalian.IdpEmulator;
using Thalian.Testing;

namespace Thalian.IdpCollector.Tests;

public sealed class Connecting_an_idp(CollectorHarness harness) : IClassFixture<CollectorHarness>
{
    private static string NewTenant() => "tenant-" + Guid.NewGuid().ToString("N")[..8];

    [Theory]
    [InlineData(IdpProviders.Okta)]
    [InlineData(IdpProviders.Entra)]
    [InlineData(IdpProviders.GoogleWorkspace)]
    [InlineData(IdpProviders.JumpCloud)]
    [InlineData(IdpProviders.OneLogin)]
    public async Task Validates_stores_and_syncs_every_account_without_ever_returning_the_secret(string provider)
    {
        var tenant = NewTenant();
        using var client = harness.Collector.CreateClientFor(tenant);

        using var created = await client.PostAsJsonAsync($"/api/v1/integrations/{provider}", harness.ConnectBody(provider));
        var createdText = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, createdText);
        var id = JsonDocument.Parse(createdText).RootElement.GetProperty("id").GetGuid();

        var completed = await harness.CompletionAsync(id);
        Assert.True(completed.Complete, completed.Error);
        Assert.Equal(CollectorHarness.ExpectedAccounts(provider), completed.AccountCount);
        var observed = harness.Observed.Where(o => o.SyncRunId == completed.SyncRunId).ToList();
        Assert.Equal(completed.BatchCount, observed.Count);
        Assert.All(observed, o => Assert.Equal(tenant, o.TenantId));
        Assert.Equal(completed.AccountCount, observed.Sum(o => o.Accounts.Count));

        var item = await Eventually.Get(async () =>
        {
            var list = await client.GetStringAsync("/api/v1/integrations/idp");
            return list.Contains("\"lastSyncComplete\":true", StringComparison.Ordinal) ? list : null;
        }, what: "the list to show the finished sync");
        var single = await client.GetStringAsync($"/api/v1/integrations/idp/{id}");
        foreach (var text in new[] { createdText, item, single })
        {
            Assert.DoesNotContain("secret", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("okta-test-token", text, StringComparison.Ordinal);
            Assert.DoesNotContain("jc-key", text, StringComparison.Ordinal);
            Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
        }
        var view = JsonDocument.Parse(single).RootElement;
        Assert.Equal(provider, view.GetProperty("type").GetString());
        Assert.Equal("synced", view.GetProperty("status").GetString());
        Assert.Equal(completed.AccountCount, view.GetProperty("counts").GetProperty("accounts").GetInt32());
        Assert.True(view.TryGetProperty("lastSyncStartedAt", out _) && view.TryGetProperty("lastSyncCompletedAt", out _) && view.TryGetProperty("createdAt", out _));
    }

    [Theory]
    [InlineData(IdpProviders.Okta, "revoked-token")]
    [InlineData(IdpProviders.Entra, "wrong-secret")]
    [InlineData(IdpProviders.JumpCloud, "wrong-key")]
    [InlineData(IdpProviders.OneLogin, "wrong-secret")]
    public async Task Bad_credentials_get_a_clear_422_and_nothing_is_stored(string provider, string badSecret)
    {
        using var client = harness.Collector.CreateClientFor(NewTenant());

        using var response = await client.PostAsJsonAsync($"/api/v1/integrations/{provider}", harness.ConnectBody(provider, badSecret));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("rejected", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(badSecret, problem.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("[]", await client.GetStringAsync("/api/v1/integrations/idp"));
    }

    [Fact]
    public async Task A_google_key_without_delegation_gets_a_clear_422()
    {
        using var client = harness.Collector.CreateClientFor(NewTenant());

        using var response = await client.PostAsJsonAsync("/api/v1/integrations/google-workspace",
            harness.ConnectBody(IdpProviders.GoogleWorkspace, TestKeys.OtherPrivatePem));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("delegation", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_request_missing_fields_is_a_400_naming_them()
    {
        using var client = harness.Collector.CreateClientFor(NewTenant());

        using var response = await client.PostAsJsonAsync("/api/v1/integrations/okta", new { displayName = "x" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("orgUrl", body, StringComparison.Ordinal);
        Assert.Contains("apiToken", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"orgUrl\": 5, \"apiToken\": []}")]
    public async Task A_malformed_body_is_a_400_problem(string body)
    {
        using var client = harness.Collector.CreateClientFor(NewTenant());

        using var response = await client.PostAsync("/api/v1/integrations/okta", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Readers_may_list_but_not_connect()
    {
        using var reader = harness.Collector.CreateClientFor(NewTenant(), role: "reader");

        using var post = await reader.PostAsJsonAsync("/api/v1/integrations/okta", harness.ConnectBody(IdpProviders.Okta));
        using var list = await reader.GetAsync("/api/v1/integrations/idp");

        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }
}

/// <summary>Production setting: only the vendors' own hosts.</summary>
public sealed class VendorHostsOnlyHarness : CollectorHarness
{
    protected override bool AllowCustomEndpoints => false;
}

public sealed class Connecting_without_custom_endpoints(VendorHostsOnlyHarness harness) : IClassFixture<VendorHostsOnlyHarness>
{
    [Theory]
    [InlineData(IdpProviders.Okta, "orgUrl")]
    [InlineData(IdpProviders.Entra, "authorityHost")]
    [InlineData(IdpProviders.GoogleWorkspace, "tokenUri")]
    [InlineData(IdpProviders.JumpCloud, "baseUrl")]
    [InlineData(IdpProviders.OneLogin, "baseUrl")]
    public async Task A_non_vendor_host_is_refused_before_any_call(string provider, string field)
    {
        using var client = harness.Collector.CreateClientFor("tenant-ssrf");
        var before = harness.Emulator.State.Requests.Values.Sum();

        using var response = await client.PostAsJsonAsync($"/api/v1/integrations/{provider}", harness.ConnectBody(provider));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, harness.Emulator.State.Requests.Values.Sum());
    }
}
