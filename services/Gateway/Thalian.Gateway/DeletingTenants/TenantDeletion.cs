using Thalian.Gateway.Tenancy;
using Thalian.ServiceDefaults.Auth;
using Thalian.ServiceDefaults.Tenancy;

namespace Thalian.Gateway.DeletingTenants;

/// <summary>
/// Deletes a tenant from every service: each backend (every ReverseProxy cluster, collectors first so no new sync starts)
/// erases its own schema through <see cref="TenantErasure.Path"/>, then the gateway drops the tenant and its keys. The
/// gateway goes last, so a run that stops part way leaves the tenant's admin keys working and is simply repeated.
/// </summary>
public sealed class TenantDeletion(IConfiguration configuration, IHttpClientFactory clients, GatewayTokenSigner tokens,
    TenantDirectory directory, IServiceProvider services, TimeProvider clock, ILogger<TenantDeletion> logger)
{
    public const string ClientName = "tenant-erasure";

    public sealed record Outcome(bool Found, IReadOnlyList<string> Erased, IReadOnlyList<string> Failures);

    public async Task<Outcome> DeleteAsync(string tenantId, string actor, CancellationToken ct)
    {
        if (!await directory.TenantExistsAsync(tenantId, ct))
        {
            return new Outcome(false, [], []);
        }
        var erased = new List<string>();
        foreach (var (service, address) in Services())
        {
            var failure = await EraseAtAsync(service, address, tenantId, actor, ct);
            if (failure is not null)
            {
                logger.LogWarning("Deleting tenant {TenantId} stopped at {Service}: {Failure}", tenantId, service, failure);
                return new Outcome(true, erased, [failure]);
            }
            erased.Add(service);
        }
        await TenantErasure.EraseAsync(services, tenantId, ct);
        directory.Forget(tenantId);
        erased.Add("gateway");
        logger.LogWarning("Tenant {TenantId} deleted from every service by {Actor}", tenantId, actor);
        return new Outcome(true, erased, []);
    }

    private IEnumerable<(string Service, Uri Address)> Services() =>
        configuration.GetSection("ReverseProxy:Clusters").GetChildren()
            .Select(c => (c.Key, Address: c.GetSection("Destinations").GetChildren().Select(d => d["Address"]).FirstOrDefault(a => a is not null)))
            .Where(c => c.Address is not null)
            .OrderBy(c => c.Key.EndsWith("collector", StringComparison.Ordinal) ? 0 : 1)
            .Select(c => (c.Key, new Uri(c.Address!)));

    private async Task<string?> EraseAtAsync(string service, Uri address, string tenantId, string actor, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri(address, TenantErasure.Path));
        request.Headers.Authorization = new("Bearer", tokens.Issue(tenantId, Roles.Admin, actor, sandbox: false, clock.GetUtcNow()));
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, ct);
            return response.IsSuccessStatusCode ? null : $"The {service} answered {(int)response.StatusCode}.";
        }
        catch (Exception e) when ((e is HttpRequestException or TaskCanceledException) && !ct.IsCancellationRequested)
        {
            return $"The {service} could not be reached ({e.GetType().Name}).";
        }
    }
}
