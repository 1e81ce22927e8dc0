using System.Net.Http.Headers;
using System.Text;
using Npgsql;
using Xunit;

namespace Thalian.Testing;

/// <summary>
/// One test class's own slice of the shared infrastructure: a RabbitMQ virtual host and a schema-name suffix,
/// so test classes run in parallel and re-runs on a used machine start clean.
/// </summary>
public class IsolatedInfrastructure : IAsyncLifetime
{
    public string Id { get; } = "t" + Guid.NewGuid().ToString("N")[..10];
    public Endpoints Endpoints { get; private set; } = null!;
    public string PostgresConnectionString => Endpoints.Postgres;
    public Uri RabbitMqUri => new UriBuilder(Endpoints.RabbitMq) { Path = "/" + Id }.Uri;

    /// <summary>The schema a service gets in this slice, e.g. "t1a2b3c4d5_findings".</summary>
    public string SchemaFor(string service) => $"{Id}_{service}";

    public virtual async Task InitializeAsync()
    {
        Endpoints = await Infrastructure.GetAsync();
        using var http = ManagementClient();
        using var response = await http.PutAsync($"api/vhosts/{Id}", new StringContent("{}", Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        var user = Endpoints.RabbitMq.UserInfo.Split(':')[0];
        using var permissions = await http.PutAsync($"api/permissions/{Id}/{Uri.EscapeDataString(user)}",
            new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json"));
        permissions.EnsureSuccessStatusCode();
    }

    public virtual async Task DisposeAsync()
    {
        using (var http = ManagementClient())
        {
            using var _ = await http.DeleteAsync($"api/vhosts/{Id}");
        }
        await using var connection = new NpgsqlConnection(PostgresConnectionString);
        await connection.OpenAsync();
        await using var schemas = new NpgsqlCommand(
            $"select nspname from pg_namespace where nspname like '{Id}\\_%'", connection);
        var names = new List<string>();
        await using (var reader = await schemas.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }
        foreach (var name in names)
        {
            await using var drop = new NpgsqlCommand($"drop schema if exists \"{name}\" cascade", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>The RabbitMQ management API as the infrastructure's admin user (vhosts, users, permissions).</summary>
    public HttpClient ManagementClient()
    {
        var management = Endpoints.RabbitMqManagement;
        var http = new HttpClient { BaseAddress = new UriBuilder(management) { UserName = "", Password = "" }.Uri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(management.UserInfo))));
        return http;
    }
}
