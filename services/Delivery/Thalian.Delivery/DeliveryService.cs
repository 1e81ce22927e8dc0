namespace Thalian.Delivery;

/// <summary>Names this service's assembly for hosts and test factories (every service has its own Program).</summary>
public sealed class DeliveryService;
