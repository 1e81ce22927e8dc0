using System.Collections.Concurrent;
using MassTransit;
using Thalian.Contracts.Aws;
using Thalian.Testing;

namespace Thalian.AwsCollector.Tests.Fixtures;

/// <summary>A separate bus on the test's vhost that records everything the collector publishes.</summary>
public sealed class MessageRecorder : IAsyncDisposable
{
    private readonly IBusControl bus;

    public ConcurrentQueue<AwsIdentitiesObserved> Identities { get; } = new();
    public ConcurrentQueue<AwsAccountObserved> Accounts { get; } = new();
    public ConcurrentQueue<AwsSyncCompleted> Completed { get; } = new();
    public ConcurrentQueue<AwsConnectionRemoved> Removed { get; } = new();

    private MessageRecorder(Uri rabbit)
    {
        bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(rabbit);
            cfg.ReceiveEndpoint("test-recorder-" + Guid.NewGuid().ToString("N")[..8], e =>
            {
                e.AutoDelete = true;
                e.Handler<AwsIdentitiesObserved>(c => Record(Identities, c.Message));
                e.Handler<AwsAccountObserved>(c => Record(Accounts, c.Message));
                e.Handler<AwsSyncCompleted>(c => Record(Completed, c.Message));
                e.Handler<AwsConnectionRemoved>(c => Record(Removed, c.Message));
            });
        });
    }

    public static async Task<MessageRecorder> StartAsync(Uri rabbit)
    {
        var recorder = new MessageRecorder(rabbit);
        await recorder.bus.StartAsync();
        return recorder;
    }

    /// <summary>Waits for the next sync-completed of the account and returns it with its batches and account observation.</summary>
    public async Task<SyncResult> SyncOf(string tenant, string accountId, int skip = 0)
    {
        var completed = await Eventually.Get(() => Task.FromResult(
            Completed.Where(c => c.TenantId == tenant && c.AccountId == accountId).Skip(skip).FirstOrDefault()), TimeSpan.FromSeconds(90), $"sync of {accountId}");
        // The completed marker is published last, but delivery order is not guaranteed: wait for every batch.
        await Eventually.True(() => Task.FromResult(Identities.Count(i => i.SyncRunId == completed.SyncRunId) == completed.BatchCount),
            TimeSpan.FromSeconds(30), "all observation batches");
        var batches = Identities.Where(i => i.SyncRunId == completed.SyncRunId).ToList();
        var account = completed.Complete
            ? await Eventually.Get(() => Task.FromResult(Accounts.FirstOrDefault(a => a.SyncRunId == completed.SyncRunId)), TimeSpan.FromSeconds(30), "account observation")
            : Accounts.FirstOrDefault(a => a.SyncRunId == completed.SyncRunId);
        return new SyncResult(completed, batches.SelectMany(b => b.Users).ToList(), batches.SelectMany(b => b.Roles).ToList(), account, batches);
    }

    private static Task Record<T>(ConcurrentQueue<T> into, T message)
    {
        into.Enqueue(message);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await bus.StopAsync();
}

public sealed record SyncResult(AwsSyncCompleted Completed, List<IamUserObservation> Users, List<IamRoleObservation> Roles,
    AwsAccountObserved? Account, List<AwsIdentitiesObserved> Batches)
{
    public IamUserObservation User(string name) => Users.Single(u => u.UserName == name);

    public IamRoleObservation Role(string name) => Roles.Single(r => r.RoleName == name);
}
