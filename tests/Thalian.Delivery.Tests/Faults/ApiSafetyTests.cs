using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Thalian.Delivery.Tests.Fixtures;
using Thalian.Testing;

namespace Thalian.Delivery.Tests.Faults;

public sealed class ApiSafetyTests(DeliveryHost host) : IClassFixture<DeliveryHost>
{
    [Fact]
    public async Task A_malformed_destination_setting_is_a_400_with_field_errors()
    {
        using var admin = host.Admin(DestinationRequests.NewTenant());
        using var response = await admin.PostAsJsonAsync("/api/v1/destinations", new
        {
            type = "webhook",
            displayName = "hooks",
            settings = new { url = "not a url" },
            secrets = new Dictionary<string, string> { ["signingSecret"] = "plain-text-secret" },
            filter = new { minimumSeverity = "urgent", accountIds = new[] { "12" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.Contains("settings.url", errors.Select(e => e.Key));
        Assert.Contains("secrets.signingSecret", errors.Select(e => e.Key));
        Assert.Contains("filter.minimumSeverity", errors.Select(e => e.Key));
        Assert.Contains("filter.accountIds", errors.Select(e => e.Key));

        using var unknown = await admin.PostAsJsonAsync("/api/v1/destinations", new
        {
            type = "splunk-hec", displayName = "splunk", settings = new { url = "https://splunk.example.com:8088", useAck = "yes", colour = "red" },
            secrets = new Dictionary<string, string> { ["token"] = "x" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var keys = JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Contains("settings.useAck", keys);

        using var noType = await admin.PostAsJsonAsync("/api/v1/destinations", new { type = "carrier-pigeon", displayName = "x" });
        Assert.Contains("type", JsonNode.Parse(await noType.Content.ReadAsStringAsync())!["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task Readers_read_but_cannot_change_and_tenants_never_see_each_other()
    {
        var secret = WebhookReceiver.NewSecret();
        await using var receiver = new WebhookReceiver(secret);
        await receiver.StartAsync();
        var tenant = DestinationRequests.NewTenant();
        var id = (await host.CreateDestinationAsync(tenant, DestinationRequests.Webhook(receiver, secret)))["id"]!.GetValue<string>();
        using var reader = host.Reader(tenant);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/v1/destinations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.DeleteAsync($"/api/v1/destinations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync("/api/v1/destinations", DestinationRequests.Webhook(receiver, secret))).StatusCode);
        using var other = host.Admin(DestinationRequests.NewTenant());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/destinations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/v1/destinations/{id}/test", null)).StatusCode);
        Assert.Empty((await other.GetFromJsonAsync<List<object>>("/api/v1/destinations"))!);
    }

    [Fact]
    public async Task No_secret_appears_in_any_response_log_line_or_database_column()
    {
        var secret = WebhookReceiver.NewSecret();
        var rotated = WebhookReceiver.NewSecret();
        const string token = "hec-token-0f4e7a8b-2c1d-4e5f-9a8b-7c6d5e4f3a2b";
        await using var receiver = new WebhookReceiver(secret) { ForcedStatus = HttpStatusCode.Unauthorized };
        await receiver.StartAsync();
        var tenant = DestinationRequests.NewTenant();
        using var admin = host.Admin(tenant);
        var bodies = new List<string>();
        async Task<string> Read(HttpResponseMessage r)
        {
            var body = await r.Content.ReadAsStringAsync();
            bodies.Add(body);
            return body;
        }
        var id = JsonNode.Parse(await Read(await admin.PostAsJsonAsync("/api/v1/destinations", DestinationRequests.Webhook(receiver, secret))))!["id"]!.GetValue<string>();
        await Read(await admin.PostAsJsonAsync("/api/v1/destinations", new
        {
            type = "splunk-hec", displayName = "splunk", settings = new { url = receiver.Url.Replace("/hooks", "", StringComparison.Ordinal) },
            secrets = new Dictionary<string, string> { ["token"] = token },
        }));
        await Read(await admin.PostAsync($"/api/v1/destinations/{id}/test", null));
        await Lifecycle.PublishAsync(host, new Lifecycle(tenant).Messages()[0]);
        await host.StatusWhen(tenant, id, s => s["state"]!.GetValue<string>() == "failing", "failing after 401");
        await Read(await admin.PutAsJsonAsync($"/api/v1/destinations/{id}", DestinationRequests.Webhook(receiver, rotated)));
        await Read(await admin.GetAsync("/api/v1/destinations"));
        await Read(await admin.GetAsync($"/api/v1/destinations/{id}"));
        await Read(await admin.GetAsync($"/api/v1/destinations/{id}/deliveries?status=pending"));

        Assert.Contains(bodies, b => b.Contains("signingSecret", StringComparison.Ordinal)); // names are shown...
        string[] secrets = [secret, rotated, token, secret["whsec_".Length..], rotated["whsec_".Length..]];
        foreach (var value in secrets)
        {
            Assert.DoesNotContain(bodies, b => b.Contains(value, StringComparison.Ordinal)); // ...values never
            Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(value, StringComparison.Ordinal));
        }
        var dump = await DumpSchemaAsync();
        Assert.Contains("ProtectedSecrets", dump, StringComparison.Ordinal);
        foreach (var value in secrets)
        {
            Assert.DoesNotContain(value, dump, StringComparison.Ordinal);
        }
    }

    /// <summary>Every row of every table in the service's schema, as text.</summary>
    private async Task<string> DumpSchemaAsync()
    {
        await using var connection = new NpgsqlConnection(host.PostgresConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand($"select table_name from information_schema.tables where table_schema = '{host.SchemaFor("delivery")}'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var dump = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            await using var rows = new NpgsqlCommand($"select t::text from {host.Table($"\"{table}\"")} t", connection);
            await using var reader = await rows.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                dump.AppendLine(reader.GetString(0));
            }
        }
        return dump.ToString();
    }
}
