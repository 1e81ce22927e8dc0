namespace Thalian.IdpCollector;

/// <summary>Names this service's assembly for hosts and test factories (every service has its own Program).</summary>
public sealed class IdpCollectorService;
