using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Thalian.AwsCollector.Tests.Fixtures;

namespace Thalian.AwsCollector.Tests.Connecting;

public sealed class When_connecting_an_account(EmulatorCollectorFixture fixture) : IClassFixture<EmulatorCollectorFixture>
{
    private static string NewTenant() => "tenant-" + Guid.NewGuid().ToString("N")[..8];

    [Theory]
    [InlineData("AKIA123", "emulatorSecret00000000000000000000000007", "accessKeyId")]
    [InlineData("ASIATESTACCOUNT00007", "emulatorSecret00000000000000000000000007", "accessKeyId")]
    [InlineData("AKIATESTACCOUNT00007", "emulatorSecret 0000000000000000000000007", "secretAccessKey")]
    [InlineData("AKIATESTACCOUNT00007", "short", "secretAccessKey")]
    public async Task A_badly_shaped_key_is_refused_before_asking_aws(string keyId, string secret, string field)
    {
        using var response = await fixture.Host.ConnectAsync(NewTenant(), new { accessKeyId = keyId, secretAccessKey = secret });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task An_unknown_cloudtrail_region_is_refused()
    {
        using var response = await fixture.Host.ConnectAsync(NewTenant(), new
        {
            accessKeyId = EmulatorCollectorFixture.KeyId(7), secretAccessKey = EmulatorCollectorFixture.Secret(7), cloudTrailRegions = new[] { "mars-1" },
        });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("cloudTrailRegions", out _));
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_bad_request()
    {
        using var client = fixture.Host.CreateClientFor(NewTenant());
        using var response = await client.PostAsync("/api/v1/integrations/aws", new StringContent("{\"accessKeyId\": ", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_default_credential_chain_is_refused_unless_the_deployment_allows_it()
    {
        using var response = await fixture.Host.ConnectAsync(NewTenant(), new { useAmbientCredentials = true });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("AllowAmbientCredentials", problem.GetProperty("errors").GetProperty("useAmbientCredentials")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_with_advice_about_the_secret()
    {
        using var response = await fixture.Host.ConnectAsync(NewTenant(), new { accessKeyId = EmulatorCollectorFixture.KeyId(7), secretAccessKey = new string('w', 40) });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("SignatureDoesNotMatch", problem.GetProperty("awsErrorCode").GetString());
        Assert.Contains("secret access key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_key_is_refused_with_advice_about_the_key_id()
    {
        using var response = await fixture.Host.ConnectAsync(NewTenant(), new { accessKeyId = "AKIAUNKNOWNKEY000000", secretAccessKey = new string('w', 40) });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("AKIA", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_denied_AssumeRole_is_refused_as_access_denied()
    {
        using var response = await fixture.Host.ConnectAsync(NewTenant(), new
        {
            accessKeyId = EmulatorCollectorFixture.KeyId(7), secretAccessKey = EmulatorCollectorFixture.Secret(7),
            roleArn = "arn:aws:iam::100000000007:role/ThalianAudit", externalId = "wrong-external-id",
        });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("AWS denied access", problem.GetProperty("title").GetString());
        Assert.Contains("ExternalId", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pasted_whitespace_is_trimmed_and_the_secret_never_leaves_or_rests_in_plain_text()
    {
        var tenant = NewTenant();
        var secret = EmulatorCollectorFixture.Secret(7);
        using var created = await fixture.Host.ConnectAsync(tenant, new { accessKeyId = "  " + EmulatorCollectorFixture.KeyId(7) + "\n", secretAccessKey = "\t" + secret + " \r\n" });
        var createdText = await created.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = JsonDocument.Parse(createdText).RootElement;
        Assert.Equal("100000000007", body.GetProperty("accountId").GetString());
        Assert.Equal("arn:aws:iam::100000000007:user/auditor", body.GetProperty("callerArn").GetString());
        Assert.Empty(body.GetProperty("warnings").EnumerateArray());
        var id = body.GetProperty("id").GetGuid();
        await fixture.Recorder.SyncOf(tenant, "100000000007");

        using var client = fixture.Host.CreateClientFor(tenant);
        var list = await client.GetStringAsync("/api/v1/integrations/aws");
        var one = await client.GetStringAsync($"/api/v1/integrations/aws/{id}");
        using var rotated = await client.PutAsJsonAsync($"/api/v1/integrations/aws/{id}/credentials", new { accessKeyId = EmulatorCollectorFixture.KeyId(7), secretAccessKey = secret });
        var rotatedText = await rotated.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);

        foreach (var text in new[] { createdText, list, one, rotatedText })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(fixture.Host.LogLines, line => line.Contains(secret, StringComparison.Ordinal));
        Assert.NotEmpty(fixture.Host.LogLines);
        var rows = await DumpSchemaAsync();
        Assert.Contains(rows, r => r.Contains("100000000007", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_account_cannot_be_connected_twice_in_a_tenant()
    {
        var tenant = NewTenant();
        using var first = await fixture.Host.ConnectAsync(tenant, EmulatorCollectorFixture.Keys(10));
        using var second = await fixture.Host.ConnectAsync(tenant, EmulatorCollectorFixture.Keys(10));
        using var otherTenant = await fixture.Host.ConnectAsync(NewTenant(), EmulatorCollectorFixture.Keys(10));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(HttpStatusCode.Created, otherTenant.StatusCode);
    }

    [Fact]
    public async Task Root_credentials_connect_with_a_warning()
    {
        using var response = await fixture.Host.ConnectAsync(NewTenant(), EmulatorCollectorFixture.Keys(8));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("arn:aws:iam::100000000008:root", body.GetProperty("callerArn").GetString());
        Assert.Contains("root user", Assert.Single(body.GetProperty("warnings").EnumerateArray()).GetString(), StringComparison.Ordinal);
    }

    private async Task<List<string>> DumpSchemaAsync()
    {
        var schema = fixture.SchemaFor("aws_collector");
        await using var connection = new NpgsqlConnection(fixture.PostgresConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("select table_name from information_schema.tables where table_schema = @s", connection))
        {
            list.Parameters.AddWithValue("s", schema);
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var rows = new List<string>();
        foreach (var table in tables)
        {
            await using var select = new NpgsqlCommand($"select t::text from \"{schema}\".\"{table}\" t", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }
        }
        return rows;
    }
}
