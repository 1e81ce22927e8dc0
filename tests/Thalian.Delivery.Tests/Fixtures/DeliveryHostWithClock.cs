using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Thalian.Delivery.Tests.Fixtures;

/// <summary>
/// The delivery service on a clock the test moves: a day passes in a call, so dead-letter ages and long waits are
/// tested without waiting. Everything the service schedules by its clock (back-off, maintenance) moves only with it.
/// </summary>
public sealed class DeliveryHostWithClock : DeliveryHost
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}
