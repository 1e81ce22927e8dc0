using Thalian.Contracts.Aws;
using Thalian.Testing;

namespace Thalian.AwsCollector.Tests.Fixtures;

/// <summary>What the collector publishes, recorded by a bus of its own on the test's vhost, grouped into sync runs.</summary>
public sealed class SyncRecorder(MessageRecorder messages) : IAsyncDisposable
{
    public IReadOnlyList<AwsIdentitiesObserved> Identities => messages.All<AwsIdentitiesObserved>();
    public IReadOnlyList<AwsAccountObserved> Accounts => messages.All<AwsAccountObserved>();
    public IReadOnlyList<AwsSyncCompleted> Completed => messages.All<AwsSyncCompleted>();
    public IReadOnlyList<AwsConnectionRemoved> Removed => messages.All<AwsConnectionRemoved>();

    public static async Task<SyncRecorder> StartAsync(Uri rabbit) =>
        new(await MessageRecorder.StartAsync(rabbit, typeof(AwsIdentitiesObserved), typeof(AwsAccountObserved),
            typeof(AwsSyncCompleted), typeof(AwsConnectionRemoved)));

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

    public ValueTask DisposeAsync() => messages.DisposeAsync();
}

public sealed record SyncResult(AwsSyncCompleted Completed, List<IamUserObservation> Users, List<IamRoleObservation> Roles,
    AwsAccountObserved? Account, List<AwsIdentitiesObserved> Batches)
{
    public IamUserObservation User(string name) => Users.Single(u => u.UserName == name);

    public IamRoleObservation Role(string name) => Roles.Single(r => r.RoleName == name);
}
