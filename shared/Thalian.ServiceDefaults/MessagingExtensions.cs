using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Thalian.ServiceDefaults;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit on RabbitMQ. Queue names carry the service prefix so two services never compete for one
    /// queue; every endpoint retries transient failures in-process (Debian's RabbitMQ has no delayed exchange).
    /// </summary>
    public static IHostApplicationBuilder AddThalianMessaging(
        this IHostApplicationBuilder builder, string queuePrefix, Action<IBusRegistrationConfigurator>? configure = null)
    {
        var uri = builder.Configuration.GetRabbitMqUri();
        builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<DeadLetterMonitor>(sp, uri));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeadLetterMonitor>());
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration("dead-letters",
            sp => sp.GetRequiredService<DeadLetterMonitor>(), HealthStatus.Degraded, ["ready"]));
        builder.Services.AddMassTransit(x =>
        {
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(queuePrefix, false));
            x.AddConfigureEndpointsCallback((context, name, endpoint) =>
            {
                context.GetRequiredService<DeadLetterMonitor>().Watch(name);
                endpoint.UseMessageRetry(r => r.Intervals(50, 200, 1000, 3000, 10000));
                endpoint.UseInMemoryOutbox(context);
            });
            configure?.Invoke(x);
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(uri);
                cfg.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    public static Uri GetRabbitMqUri(this IConfiguration configuration) =>
        new(configuration.GetConnectionString("RabbitMq")
            ?? throw new InvalidOperationException("ConnectionStrings:RabbitMq is not set (environment variable ConnectionStrings__RabbitMq)."));
}
