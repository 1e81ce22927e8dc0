using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Thalian.ServiceDefaults.Outbox;

public static class OutboxExtensions
{
    private const string ContractsNamespace = "Thalian.Contracts";

    /// <summary>
    /// Records integration messages in this session's transaction (as the events of a new outbox stream); the
    /// <see cref="OutboxPublisher"/> sends them once <c>SaveChangesAsync</c> has committed.
    /// </summary>
    public static void PublishAfterCommit(this IDocumentSession session, params object[] messages)
    {
        if (messages.FirstOrDefault(m => !IsMessage(m)) is { } other)
        {
            throw new ArgumentException($"{other.GetType().Name} is not a {ContractsNamespace} message.", nameof(messages));
        }
        if (messages.Length > 0)
        {
            session.Events.StartStream(Guid.CreateVersion7(), messages);
        }
    }

    /// <summary>The async daemon (<c>Thalian:DaemonMode</c>) with the outbox publisher; one line in a service's Marten setup.</summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddOutbox(
        this MartenServiceCollectionExtensions.MartenConfigurationExpression marten, IConfiguration configuration) =>
        marten.AddAsyncDaemon(configuration.GetDaemonMode())
            .AddSubscriptionWithServices<OutboxPublisher>(ServiceLifetime.Singleton, o => o.Options.BatchSize = 50);

    internal static bool IsMessage(object message) =>
        message.GetType().Namespace?.StartsWith(ContractsNamespace, StringComparison.Ordinal) == true;
}
