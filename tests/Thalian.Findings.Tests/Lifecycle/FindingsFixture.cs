using System.Collections.Concurrent;
using System.Net;
using MassTransit;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Thalian.Contracts.Findings;
using Thalian.Testing;

namespace Thalian.Findings.Tests.Lifecycle;

/// <summary>
/// The real findings service on this class's own vhost and schema, a fake clock, and a probe bus that publishes
/// correlation messages and records every finding event the service publishes.
/// </summary>
public sealed class FindingsFixture : IsolatedInfrastructure
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    public WebApplicationFactory<FindingsService> Service { get; private set; } = null!;
    public ConcurrentQueue<ConsumeContext> Received { get; } = new();
    private IBusControl probe = null!;
    private ServiceFactory<FindingsService> factory = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        probe = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(RabbitMqUri);
            cfg.ReceiveEndpoint("findings-test-probe", e =>
            {
                e.Handler<FindingOpened>(Record);
                e.Handler<FindingUpdated>(Record);
                e.Handler<FindingResolved>(Record);
                e.Handler<FindingReopened>(Record);
                e.Handler<FindingSuppressed>(Record);
                e.Handler<FindingUnsuppressed>(Record);
                e.Handler<TenantSettingsChanged>(Record);
            });
        });
        await probe.StartAsync();
        factory = new ServiceFactory<FindingsService>(this, "findings", new Dictionary<string, string?>
        {
            ["Findings:SuppressionCheckSeconds"] = "60",
        });
        Service = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock)));
        using var client = Service.CreateClient();
        await Eventually.True(async () =>
        {
            using var response = await client.GetAsync("/health/ready");
            return response.StatusCode == HttpStatusCode.OK;
        }, what: "findings ready");
    }

    private Task Record<T>(ConsumeContext<T> context) where T : class
    {
        Received.Enqueue(context);
        return Task.CompletedTask;
    }

    public Task Publish<T>(T message) where T : class => probe.Publish(message);

    /// <summary>A client with a gateway token for the tenant and role (the token uses the real clock: it is checked against it).</summary>
    public HttpClient ClientFor(string tenant, string role = "admin")
    {
        var client = Service.CreateClient();
        var token = TestTokenKeys.Issue(tenant, role);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Waits for a published finding event matching the predicate.</summary>
    public Task<T> Next<T>(Func<T, bool> match, string what) where T : class =>
        Eventually.Get(() => Task.FromResult(Received.Select(c => c.TryGetMessage<T>(out var m) ? m.Message : null)
            .FirstOrDefault(m => m is not null && match(m))), what: what);

    public IReadOnlyList<T> All<T>(Func<T, bool> match) where T : class =>
        [.. Received.Select(c => c.TryGetMessage<T>(out var m) ? m.Message : null).Where(m => m is not null && match(m)).Cast<T>()];

    public override async Task DisposeAsync()
    {
        await Service.DisposeAsync();
        await factory.DisposeAsync();
        await probe.StopAsync();
        await base.DisposeAsync();
    }
}
