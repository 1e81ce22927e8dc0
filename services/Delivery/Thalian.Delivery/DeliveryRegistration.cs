using Marten;
using Npgsql;
using Thalian.Delivery.Destinations;
using Thalian.Delivery.Dispatching;
using Thalian.Delivery.ManagingDestinations;
using Thalian.Delivery.Queueing;
using Thalian.ServiceDefaults;
using Thalian.ServiceDefaults.Tenancy;

namespace Thalian.Delivery;

public static class DeliveryRegistration
{
    public const string Schema = "delivery";

    /// <summary>Destination documents, the queue tables, the destination types, the dispatcher and the delivery HTTP client.</summary>
    public static WebApplicationBuilder AddDelivery(this WebApplicationBuilder builder)
    {
        var schema = builder.Configuration["Thalian:Schema"] ?? Schema;
        builder.AddThalianMarten(Schema, opts =>
        {
            opts.Schema.For<Destination>();
            opts.Schema.For<DestinationHealth>();
            opts.Storage.ExtendedSchemaObjects.AddRange(QueueTables.For(opts.DatabaseSchemaName));
        });
        var services = builder.Services;
        services.Configure<DeliveryOptions>(builder.Configuration.GetSection(DeliveryOptions.Section));
        var options = builder.Configuration.GetSection(DeliveryOptions.Section).Get<DeliveryOptions>() ?? new DeliveryOptions();
        services.AddSingleton(_ => NpgsqlDataSource.Create(builder.Configuration.GetPostgresConnectionString()));
        services.AddSingleton(sp => new DeliveryOutbox(sp.GetRequiredService<NpgsqlDataSource>(), schema));
        services.AddSingleton<IErasesTenantData>(sp => sp.GetRequiredService<DeliveryOutbox>());
        var http = services.AddHttpClient(HttpAnswers.ClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .ConfigureHttpClient(c => c.Timeout = options.RequestTimeout);
        // Retries belong to the queue (back-off per destination, in order), not to a single request.
#pragma warning disable EXTEXP0001
        http.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        services.AddDestinationTypes();
        services.AddSingleton<DestinationSecrets>();
        services.AddSingleton<DeliveryMetrics>();
        services.AddSingleton<Dispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<Dispatcher>());
        services.AddSingleton<FanOut>();
        services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(DeliveryMetrics.MeterName));
        return builder;
    }
}
