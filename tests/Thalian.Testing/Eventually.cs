namespace Thalian.Testing;

/// <summary>Waits for an asynchronous outcome (a message consumed, a projection caught up). Not a timing assertion: the bound only stops a hung test.</summary>
public static class Eventually
{
    public static async Task<T> Get<T>(Func<Task<T?>> probe, TimeSpan? within = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var value = await probe();
            if (value is not null)
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for {what ?? typeof(T).Name}.");
            }
            await Task.Delay(100);
        }
    }

    public static async Task True(Func<Task<bool>> probe, TimeSpan? within = null, string? what = null) =>
        await Get<object>(async () => await probe() ? true : null, within, what ?? "condition");
}
