using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using NpgsqlTypes;
using Weasel.Postgresql.Tables;
using Thalian.Correlation.Identifying;
using Thalian.Correlation.MappingIdentities;
using Thalian.Correlation.Matching;
using Thalian.Correlation.Publishing;
using Thalian.Correlation.ReadingIdentities;
using Thalian.Correlation.SettlingSyncRuns;
using Thalian.Correlation.TrackingAwsAccounts;
using Thalian.Correlation.TrackingIamRoles;
using Thalian.Correlation.TrackingIamUsers;
using Thalian.Correlation.TrackingIdpAccounts;
using Thalian.ServiceDefaults;
using Thalian.ServiceDefaults.Auth;

namespace Thalian.Correlation;

public static class CorrelationSetup
{
    /// <summary>Streams, snapshots, read models and the two subscriptions (publisher, link re-evaluation).</summary>
    public static void AddCorrelationStore(this WebApplicationBuilder builder)
    {
        builder.AddThalianMarten("correlation", opts =>
        {
            // Snapshots and the identity list, written with the events by the aggregates' own folds.
            opts.Events.EnableSideEffectsOnInlineProjections = true;
            opts.Projections.Add(new IdentityStreamProjection<IamUser, IIamUserEvent>(), ProjectionLifecycle.Inline);
            opts.Projections.Add(new IdentityStreamProjection<IamRole, IIamRoleEvent>(), ProjectionLifecycle.Inline);
            opts.Projections.Add(new IdentityStreamProjection<AwsAccount, IAwsAccountEvent>(), ProjectionLifecycle.Inline);
            opts.Projections.Add(new IdentityStreamProjection<IdpAccount, IIdpAccountEvent>(), ProjectionLifecycle.Inline);
            opts.Events.AddEventTypes(EventTypes.All);
            // Key arrays as text[] columns with GIN indexes: matching looks them up with one array-overlap test.
            opts.Schema.For<IamUser>().Index(u => u.AccountId).Index(u => u.LinkState)
                .Duplicate(u => u.MatchKeys, "text[]", NpgsqlDbType.Array | NpgsqlDbType.Text, i => i.Method = IndexMethod.gin)
                .Duplicate(u => u.LinkedAccountKeys, "text[]", NpgsqlDbType.Array | NpgsqlDbType.Text, i => i.Method = IndexMethod.gin);
            opts.Schema.For<IdpAccount>().Index(a => a.ConnectionId)
                .Duplicate(a => a.MatchKeys, "text[]", NpgsqlDbType.Array | NpgsqlDbType.Text, i => i.Method = IndexMethod.gin);
            opts.Schema.For<IamRole>().Index(r => r.AccountId);
            opts.Schema.For<IdentitySummary>().Index(s => s.SortKey).Index(s => s.Kind);
            opts.Schema.For<ProcessedBatch>().Index(b => b.SyncRunId);
            opts.Schema.For<DeferredUnlink>().Index(d => d.Source);
        })
        .AddAsyncDaemon(builder.Configuration.GetDaemonMode())
        .AddSubscriptionWithServices<IdentityChangePublisher>(ServiceLifetime.Singleton, _ => { })
        .AddSubscriptionWithServices<LinkReevaluation>(ServiceLifetime.Singleton, _ => { });
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        builder.Services.AddSingleton<SyncRunSettler>();
        builder.Services.AddSingleton<LinkReevaluator>();
    }

    public static void MapIdentityEndpoints(this WebApplication app)
    {
        var identities = app.MapGroup("/api/v1/identities").WithTags("Identities");
        identities.MapGet("", ListIdentitiesEndpoint.Handle)
            .WithSummary("IAM users and roles, AWS accounts and IdP accounts with link state and match method")
            .Produces<IdentityPage>().ProducesValidationProblem();
        identities.MapGet("/{id:guid}", GetIdentityEndpoint.Handle)
            .WithSummary("An identity's current state, or its state as of a moment (asOf)")
            .Produces<IdentityDetails>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        identities.MapGet("/{id:guid}/timeline", TimelineEndpoint.Handle)
            .WithSummary("Every recorded change of an identity, oldest first")
            .Produces<List<TimelineEntry>>().ProducesProblem(StatusCodes.Status404NotFound);
        identities.MapPut("/{id:guid}/idp-link", IdpLinkEndpoints.Set).RequireAuthorization(AuthExtensions.AdminPolicy)
            .WithSummary("Link an IAM user to an IdP account explicitly")
            .Produces<Thalian.Contracts.Correlation.IdpMatch>().Produces(StatusCodes.Status204NoContent).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        identities.MapDelete("/{id:guid}/idp-link", IdpLinkEndpoints.Clear).RequireAuthorization(AuthExtensions.AdminPolicy)
            .WithSummary("Remove an explicit IdP link (matching falls back to the automatic methods)")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }
}
