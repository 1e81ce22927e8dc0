using Marten;
using Marten.Schema;
using Marten.Schema.Indexing.Unique;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Thalian.AwsCollector.AwsApi;
using Thalian.AwsCollector.CloudTrail;
using Thalian.AwsCollector.ConnectingAccounts;
using Thalian.AwsCollector.Iam;
using Thalian.AwsCollector.Organizations;
using Thalian.AwsCollector.Syncing;
using Thalian.ServiceDefaults.Tenancy;

namespace Thalian.AwsCollector;

public static class AwsCollectorSetup
{
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(60);

    public static void ConfigureDocuments(StoreOptions opts)
    {
        opts.Schema.For<AwsConnection>().UniqueIndex(UniqueIndexType.Computed, "aws_connection_account", TenancyScope.PerTenant, c => c.AccountId);
        opts.Schema.For<AwsOrganizationConnection>().UniqueIndex(UniqueIndexType.Computed, "aws_organization_id", TenancyScope.PerTenant, o => o.OrganizationId);
    }

    public static IHostApplicationBuilder AddAwsCollector(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<AwsCollectorOptions>(builder.Configuration.GetSection(AwsCollectorOptions.Section));
        var options = builder.Configuration.GetSection(AwsCollectorOptions.Section).Get<AwsCollectorOptions>() ?? new AwsCollectorOptions();
        services.AddTransient<AwsSigningHandler>();
        var http = services.AddHttpClient(AwsHttp.ClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            // The pipeline bounds each attempt; an overall client timeout would cut a long throttling back-off short.
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan);
        // The default standard handler would retry without knowing AWS throttling codes; replace it.
#pragma warning disable EXTEXP0001
        http.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        // Handlers run in the order added: retry outside, signing inside, so every attempt is signed afresh.
        http.AddResilienceHandler("aws-throttling", pipeline => pipeline
                .AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.RetryAttempts,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryBaseDelay,
                    MaxDelay = TimeSpan.FromSeconds(30),
                    ShouldHandle = args => args.Outcome switch
                    {
                        // A name that does not resolve or a host that refuses will not do better after backing off: one more try at most.
                        { Exception: HttpRequestException e } => ValueTask.FromResult(!AwsThrottling.IsUnreachable(e) || args.AttemptNumber == 0),
                        { Exception: Polly.Timeout.TimeoutRejectedException } => ValueTask.FromResult(true),
                        { Result: { } response } => AwsThrottling.ShouldRetryAsync(response, args.Context.CancellationToken),
                        _ => ValueTask.FromResult(false),
                    },
                })
                .AddTimeout(AttemptTimeout));
        http.AddHttpMessageHandler<AwsSigningHandler>();
        services.AddSingleton<AwsHttp>();
        services.AddSingleton(new TenantRun(SyncAwsAccountConsumer.SlotKind));
        services.AddSingleton<QueryProtocol>();
        services.AddSingleton<StsClient>();
        services.AddSingleton<AwsTargets>();
        services.AddSingleton<IamClient>();
        services.AddSingleton<CredentialReportFetcher>();
        services.AddSingleton<CloudTrailRateLimits>();
        services.AddSingleton<CloudTrailClient>();
        services.AddSingleton<RootActivityReader>();
        services.AddSingleton<OptionalUserReads>();
        services.AddSingleton<ConnectionSecrets>();
        services.AddSingleton<AccountReader>();
        services.AddSingleton<SyncPublisher>();
        services.AddSingleton<CredentialCheck>();
        services.AddSingleton<ConnectionAccess>();
        services.AddSingleton<MemberCredentials>();
        services.AddSingleton<OrganizationsClient>();
        services.AddSingleton<OrganizationDiscovery>();
        services.AddSingleton<SyncDispatcher>();
        services.AddHostedService<SyncScheduler>();
        return builder;
    }
}
