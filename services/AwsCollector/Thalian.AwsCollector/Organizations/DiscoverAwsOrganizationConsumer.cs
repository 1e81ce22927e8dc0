using MassTransit;
using Thalian.Contracts.Aws;
using Thalian.ServiceDefaults.Locking;

namespace Thalian.AwsCollector.Organizations;

/// <summary>One discovery at a time per organisation (across replicas); a command arriving while one runs is dropped.</summary>
public sealed class DiscoverAwsOrganizationConsumer(AdvisoryLocks locks, OrganizationDiscovery discovery, ILogger<DiscoverAwsOrganizationConsumer> logger)
    : IConsumer<DiscoverAwsOrganization>
{
    public async Task Consume(ConsumeContext<DiscoverAwsOrganization> context)
    {
        var command = context.Message;
        await using var held = await locks.TryAcquireAsync($"discover/{command.TenantId}/{command.OrganizationConnectionId}", context.CancellationToken);
        if (held is null)
        {
            logger.LogInformation("A discovery of AWS organisation connection {Id} is already running; this request ({Reason}) is dropped.",
                command.OrganizationConnectionId, command.Reason);
            return;
        }
        await discovery.RunAsync(command.TenantId, command.OrganizationConnectionId, context.CancellationToken);
    }
}
