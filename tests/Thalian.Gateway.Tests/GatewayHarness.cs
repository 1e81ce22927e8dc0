using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Thalian.Gateway.Tenancy;
using Thalian.Testing;

namespace Thalian.Gateway.Tests;

/// <summary>The real gateway on real PostgreSQL, its four clusters pointed at a <see cref="FakeDownstream"/>.</summary>
public class GatewayHarness : IsolatedInfrastructure
{
    public FakeDownstream Downstream { get; private set; } = null!;
    public ServiceFactory<GatewayService> Gateway { get; private set; } = null!;

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Downstream = await FakeDownstream.StartAsync();
        var settings = new Dictionary<string, string?>(Settings);
        foreach (var cluster in new[] { "aws-collector", "idp-collector", "correlation", "findings", "delivery" })
        {
            settings.TryAdd($"ReverseProxy:Clusters:{cluster}:Destinations:primary:Address", Downstream.Address.ToString());
        }
        Gateway = new ServiceFactory<GatewayService>(this, "gateway", settings);
        _ = Gateway.Server; // start the host (and apply the schema) before tests touch the store
    }

    public override async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Downstream.DisposeAsync();
        await base.DisposeAsync();
    }

    public TenantDirectory Directory => Gateway.Services.GetRequiredService<TenantDirectory>();

    public async Task<(string TenantId, string AdminKey)> CreateTenantAsync(string name)
    {
        var tenant = await Directory.CreateTenantAsync(name, CancellationToken.None);
        var (_, key) = await Directory.CreateKeyAsync(tenant.Id, "admin", Roles.Admin, null, "test", CancellationToken.None);
        return (tenant.Id, key);
    }

    public async Task<string> CreateKeyAsync(string tenantId, string role, DateTimeOffset? expiresAt = null)
    {
        var (_, key) = await Directory.CreateKeyAsync(tenantId, role + " key", role, expiresAt, "test", CancellationToken.None);
        return key;
    }

    public HttpClient ClientWithKey(string? key)
    {
        var client = Gateway.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return client;
    }
}
