using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Thalian.Demo;
using Thalian.Gateway.Tenancy;
using Thalian.Testing;

namespace Thalian.Gateway.Tests.EndToEnd;

/// <summary>
/// Two tenants with connections (secrets), identity streams, findings, settings, a destination with pending deliveries and
/// keys in all six services; deleting one through the admin API leaves zero rows of it in any table of any schema that has
/// a tenant_id column, and the other tenant loses nothing.
/// </summary>
public sealed class When_a_tenant_is_deleted : IsolatedInfrastructure
{
    private static readonly string[] Schemas = ["gateway", "aws_collector", "idp_collector", "correlation", "findings", "delivery"];

    [Fact]
    public async Task Nothing_of_it_remains_in_any_service_and_the_other_tenant_is_untouched()
    {
        var options = new DemoOptions();
        await using var emulators = await DemoEmulators.StartAsync(options.DemoDir);
        await using var platform = await DemoPlatform.StartAsync(this, emulators);
        var directory = platform.Gateway.Services.GetRequiredService<TenantDirectory>();
        var (leaving, leavingApi) = await PopulatedTenantAsync(platform, directory, emulators, "Leaving Co");
        var (staying, stayingApi) = await PopulatedTenantAsync(platform, directory, emulators, "Staying Co");
        var stayingBefore = await RowsOfAsync(staying);
        var leavingBefore = await RowsOfAsync(leaving);

        using var unconfirmed = await DeleteTenantAsync(leavingApi, confirm: staying);
        using var deleted = await DeleteTenantAsync(leavingApi, confirm: leaving);
        var erased = (await deleted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("erased").EnumerateArray().Select(e => e.GetString()).ToList();
        var leavingAfter = await RowsOfAsync(leaving);
        var stayingAfter = await RowsOfAsync(staying);
        using var oldKey = await leavingApi.GetAsync("/api/v1/findings");
        using var stayingFindings = await stayingApi.GetAsync("/api/v1/findings");

        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(["aws-collector", "idp-collector", "correlation", "delivery", "findings", "gateway"], erased);
        Assert.All(Schemas, schema => Assert.Contains(leavingBefore, r => r.Key.StartsWith(schema + ".", StringComparison.Ordinal) && r.Value > 0));
        Assert.Contains(leavingBefore, r => r.Key.EndsWith(".mt_events", StringComparison.Ordinal) && r.Value > 0);
        Assert.Contains(leavingBefore, r => r.Key == "delivery.delivery_queue" && r.Value > 0);
        Assert.All(leavingAfter, r => Assert.True(r.Value == 0, $"{r.Key} still holds {r.Value} rows of the deleted tenant"));
        Assert.All(stayingBefore, r => Assert.True(stayingAfter[r.Key] >= r.Value, $"{r.Key}: {r.Value} rows before, {stayingAfter[r.Key]} after"));
        Assert.Equal(0, await OrphanedCursorRowsAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, oldKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stayingFindings.StatusCode);
    }

    private async Task<(string Tenant, HttpClient Api)> PopulatedTenantAsync(DemoPlatform platform, TenantDirectory directory, DemoEmulators emulators, string name)
    {
        var tenant = await directory.CreateTenantAsync(name, CancellationToken.None, sandbox: true);
        var (_, key) = await directory.CreateKeyAsync(tenant.Id, "admin", Roles.Admin, null, "test", CancellationToken.None);
        var api = platform.Gateway.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        await PostAsync(api, "/api/v1/keys", new { name = "dashboard", role = "reader" });
        await PostAsync(api, "/api/v1/integrations/aws", new
        {
            displayName = "production", accessKeyId = "AKIADEMOPRODAUDIT001", secretAccessKey = "DemoProdAuditSecretKey00000000000000001A", region = "us-east-1",
        });
        await PostAsync(api, "/api/v1/integrations/okta", new { displayName = "Okta", orgUrl = emulators.Idp + "/okta", apiToken = "kestrel-okta-demo-token" });
        // Nothing listens on a freshly freed port: deliveries stay pending with their retries.
        await PostAsync(api, "/api/v1/destinations", new
        {
            type = "webhook", displayName = "hooks", settings = new { url = $"http://127.0.0.1:{FreePorts.Tcp()}/hook" },
            secrets = new Dictionary<string, string> { ["signingSecret"] = "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)) },
        });
        using var settings = await api.PutAsJsonAsync("/api/v1/settings", new
        {
            exclusions = new[] { new { userArn = "arn:aws:iam::111122223333:user/ci-bot", owner = "ops", reason = "pipeline", expiresAt = DateTimeOffset.UtcNow.AddDays(30) } },
        });
        settings.EnsureSuccessStatusCode();
        await Settling.WaitForFirstSyncsAsync(api, expected: 2, TimeSpan.FromMinutes(3));
        await Settling.WaitForFindingsAsync(api, TimeSpan.FromMinutes(3), f => f.Count > 0);
        await Eventually.True(async () => (await RowsOfAsync(tenant.Id)).GetValueOrDefault("delivery.delivery_queue") > 0,
            TimeSpan.FromMinutes(2), $"deliveries queued for {name}");
        return (tenant.Id, api);
    }

    private static async Task PostAsync(HttpClient api, string path, object body)
    {
        using var response = await api.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static Task<HttpResponseMessage> DeleteTenantAsync(HttpClient api, string confirm) =>
        api.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/tenant") { Content = JsonContent.Create(new { confirmTenantId = confirm }) });

    /// <summary>Rows of the tenant in every table with a tenant_id column, in every service's schema ("schema.table" → count).</summary>
    private async Task<Dictionary<string, long>> RowsOfAsync(string tenant)
    {
        await using var connection = new NpgsqlConnection(PostgresConnectionString);
        await connection.OpenAsync();
        var tables = new List<(string Schema, string Table)>();
        await using (var list = new NpgsqlCommand("""
            select c.table_schema, c.table_name from information_schema.columns c
            join information_schema.tables t using (table_schema, table_name)
            where t.table_type = 'BASE TABLE' and c.column_name = 'tenant_id' and c.table_schema = any(@schemas)
            """, connection))
        {
            list.Parameters.AddWithValue("schemas", Schemas.Select(SchemaFor).ToArray());
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        var rows = new Dictionary<string, long>();
        foreach (var (schema, table) in tables)
        {
            await using var count = new NpgsqlCommand($"select count(*) from \"{schema}\".\"{table}\" where tenant_id = @t", connection);
            count.Parameters.AddWithValue("t", tenant);
            rows[$"{schema[(Id.Length + 1)..]}.{table}"] = (long)(await count.ExecuteScalarAsync())!;
        }
        return rows;
    }

    private async Task<long> OrphanedCursorRowsAsync()
    {
        await using var connection = new NpgsqlConnection(PostgresConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand(
            $"select count(*) from \"{SchemaFor("delivery")}\".delivery_cursor where destination_id not in (select id from \"{SchemaFor("delivery")}\".mt_doc_destination)", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
