using JasperFx.Events.Daemon;
using Marten;
using Thalian.Findings.ManagingFindings;
using Thalian.Findings.ManagingSettings;
using Thalian.Findings.Publishing;
using Thalian.Findings.Suppressing;
using Thalian.Findings.TrackingIdentities;
using Thalian.ServiceDefaults;

namespace Thalian.Findings;

public static class FindingsRegistration
{
    /// <summary>Marten documents and events of the findings schema, the outbox subscription, the evaluator and the expiry watcher.</summary>
    public static WebApplicationBuilder AddFindings(this WebApplicationBuilder builder)
    {
        builder.AddThalianMarten("findings", opts =>
        {
            // Optimistic concurrency: a writer that loaded an older state (e.g. a "still seen" touch racing a
            // suppression, or two deliveries of one identity) fails and is retried instead of overwriting.
            opts.Schema.For<FindingView>().UseOptimisticConcurrency(true).Index(f => f.ScopeId).Index(f => f.AccountId).Index(f => f.Status);
            opts.Schema.For<TrackedUser>().UseOptimisticConcurrency(true).Index(u => u.AccountId);
            opts.Schema.For<TrackedRole>().UseOptimisticConcurrency(true).Index(r => r.AccountId);
            opts.Schema.For<TrackedAccount>().UseOptimisticConcurrency(true);
            opts.Schema.For<ConnectedAccount>();
            opts.Schema.For<IdpDirectory>();
            opts.Schema.For<AwaitedUserVersion>();
            opts.Schema.For<TenantSettings>();
            opts.Events.AddEventTypes([typeof(FindingOpened), typeof(FindingUpdated), typeof(FindingResolved), typeof(FindingReopened),
                typeof(FindingSuppressed), typeof(FindingUnsuppressed), typeof(TenantSettingsSaved)]);
            // A failing publish must hold the outbox back, never dead-letter the event.
            opts.Projections.Errors.SkipApplyErrors = false;
        })
        .AddAsyncDaemon(builder.Configuration.GetDaemonMode())
        .AddSubscriptionWithServices<FindingEventPublisher>(ServiceLifetime.Singleton, o => o.Options.BatchSize = 200);
        builder.Services.AddSingleton<FindingEvaluator>();
        builder.Services.AddSingleton<SuppressionExpiryWatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SuppressionExpiryWatcher>());
        return builder;
    }
}
