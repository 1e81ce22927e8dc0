using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Thalian.Contracts.Idp;
using Thalian.IdpEmulator;
using Thalian.Testing;

namespace Thalian.IdpCollector.Tests;

public sealed class Running_a_connection(CollectorHarness harness) : IClassFixture<CollectorHarness>
{
    private static string NewTenant() => "tenant-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Secrets_are_stored_only_encrypted()
    {
        using var client = harness.Collector.CreateClientFor(NewTenant());
        using var created = await client.PostAsJsonAsync("/api/v1/integrations/okta", harness.ConnectBody(IdpProviders.Okta));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        await using var connection = new NpgsqlConnection(harness.PostgresConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand($"select data::text from \"{harness.SchemaFor("idp_collector")}\".mt_doc_idpconnection", connection);
        var stored = (string)(await query.ExecuteScalarAsync())!;

        Assert.DoesNotContain("okta-test-token", stored, StringComparison.Ordinal);
        var ciphertext = JsonDocument.Parse(stored).RootElement.GetProperty("ProtectedSecrets").GetString()!;
        Assert.True(ciphertext.Length > 50, "the secrets are stored as Data Protection ciphertext");
        Assert.DoesNotContain("ApiToken", ciphertext, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_failing_mid_listing_makes_the_sync_incomplete_with_an_actionable_error()
    {
        var tenant = NewTenant();
        using var client = harness.Collector.CreateClientFor(tenant);
        using var created = await client.PostAsJsonAsync("/api/v1/integrations/jumpcloud", harness.ConnectBody(IdpProviders.JumpCloud));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await harness.CompletionAsync(id);
        var failing = Scenarios.JumpCloud();
        failing.Faults = [new FaultSpec("error", Page: 3)];
        harness.Emulator.State.Replace(new Scenario { JumpCloud = failing });
        try
        {
            using var sync = await client.PostAsync($"/api/v1/integrations/idp/{id}/sync", null);
            Assert.Equal(HttpStatusCode.Accepted, sync.StatusCode);

            var second = await harness.CompletionAsync(id, nth: 2);

            Assert.False(second.Complete);
            Assert.Contains("JumpCloud", second.Error, StringComparison.Ordinal);
            Assert.Contains("page 3", second.Error, StringComparison.Ordinal);
            Assert.Equal(4, second.AccountCount);
            var view = await Eventually.Get(async () =>
            {
                var v = await client.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/idp/{id}");
                return v.GetProperty("status").GetString() == "incomplete" ? (JsonElement?)v : null;
            }, what: "the connection to show the incomplete sync");
            Assert.False(view!.Value.GetProperty("lastSyncComplete").GetBoolean());
            Assert.Contains("page 3", view.Value.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            harness.Emulator.State.Replace(new Scenario
            {
                Okta = Scenarios.Okta(), Entra = Scenarios.Entra(), Google = Scenarios.Google(), JumpCloud = Scenarios.JumpCloud(), OneLogin = Scenarios.OneLogin(),
            });
        }
    }

    [Fact]
    public async Task Credentials_are_rotated_only_after_they_work_and_removal_is_announced()
    {
        var tenant = NewTenant();
        using var client = harness.Collector.CreateClientFor(tenant);
        using var created = await client.PostAsJsonAsync("/api/v1/integrations/onelogin", harness.ConnectBody(IdpProviders.OneLogin));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await harness.CompletionAsync(id);

        using var bad = await client.PutAsJsonAsync($"/api/v1/integrations/idp/{id}/credentials", new { clientSecret = "wrong" });
        using var good = await client.PutAsJsonAsync($"/api/v1/integrations/idp/{id}/credentials", new { clientSecret = "ol-secret" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.True((await harness.CompletionAsync(id, nth: 2)).Complete);

        using var other = harness.Collector.CreateClientFor(NewTenant());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/integrations/idp/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/api/v1/integrations/idp/{id}")).StatusCode);

        using var deleted = await client.DeleteAsync($"/api/v1/integrations/idp/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var removed = await Eventually.Get(() => Task.FromResult(harness.Removed.FirstOrDefault(r => r.ConnectionId == id)), what: "IdpConnectionRemoved");
        Assert.Equal(tenant, removed.TenantId);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/integrations/idp/{id}")).StatusCode);
    }
}
