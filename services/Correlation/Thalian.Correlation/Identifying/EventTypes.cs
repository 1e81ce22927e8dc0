namespace Thalian.Correlation.Identifying;

/// <summary>The domain event types of this service, found once by their marker interfaces.</summary>
public static class EventTypes
{
    public static IReadOnlyList<Type> All { get; } = [.. typeof(EventTypes).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IObservedEvent).IsAssignableFrom(t))];

    public static IEnumerable<Type> Implementing<TMarker>() => All.Where(typeof(TMarker).IsAssignableFrom);
}
