using MassTransit;
using Thalian.Contracts.Idp;

namespace Thalian.IdpCollector.Syncing;

/// <summary>Any replica may take a sync command (competing consumers); the sync lock keeps one run per connection.</summary>
public sealed class SyncIdpConnectionConsumer(SyncRunner runner) : IConsumer<SyncIdpConnection>
{
    public Task Consume(ConsumeContext<SyncIdpConnection> context) => runner.RunAsync(context.Message, context.CancellationToken);
}
