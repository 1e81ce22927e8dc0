using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Thalian.ServiceDefaults.Auth;

namespace Thalian.Testing;

/// <summary>
/// Hosts one real service (its Program) on the isolated infrastructure: its own schema, its own vhost.
/// <typeparamref name="TEntryPoint"/> is any public type of the service's assembly.
/// </summary>
public class ServiceFactory<TEntryPoint>(IsolatedInfrastructure infrastructure, string service, IDictionary<string, string?>? settings = null)
    : WebApplicationFactory<TEntryPoint> where TEntryPoint : class
{
    public const string SigningKey = "test-signing-key-for-gateway-tokens-0123456789";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = infrastructure.PostgresConnectionString,
            ["ConnectionStrings:RabbitMq"] = infrastructure.RabbitMqUri.ToString(),
            ["Thalian:Schema"] = infrastructure.SchemaFor(service),
            ["Thalian:Internal:SigningKey"] = SigningKey,
            ["Thalian:KeyRing:Certificate"] = TestKeyRing.CertificatePath,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        foreach (var (key, value) in values)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(values));
    }

    /// <summary>A client that presents a gateway token for the tenant and role, as the gateway would.</summary>
    public HttpClient CreateClientFor(string tenantId, string role = "admin")
    {
        var client = CreateClient();
        var token = new GatewayTokens(SigningKey).Issue(tenantId, role, $"test:{role}", DateTimeOffset.UtcNow);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
