using Thalian.Delivery.Destinations.OcsfHttp;
using Thalian.Delivery.Destinations.SecurityHub;
using Thalian.Delivery.Destinations.SplunkHec;
using Thalian.Delivery.Destinations.Syslog;
using Thalian.Delivery.Destinations.Webhook;

namespace Thalian.Delivery.Destinations;

/// <summary>Every destination type the service offers: a new type is a folder under Destinations/ and one line here.</summary>
public static class DestinationTypes
{
    public static IServiceCollection AddDestinationTypes(this IServiceCollection services)
    {
        services.AddSingleton<IDestinationType, WebhookDestination>();
        services.AddSingleton<IDestinationType, OcsfHttpDestination>();
        services.AddSingleton<IDestinationType, SplunkHecDestination>();
        services.AddSingleton<IDestinationType, SyslogDestination>();
        services.AddSingleton<IDestinationType, SecurityHubDestination>().AddSingleton<SecurityHubCredentials>();
        services.AddSingleton<DestinationCatalog>();
        return services;
    }
}

public sealed class DestinationCatalog(IEnumerable<IDestinationType> types)
{
    private readonly Dictionary<string, IDestinationType> byName = types.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => byName.Keys;

    public IDestinationType? Find(string? name) => name is null ? null : byName.GetValueOrDefault(name);
}
