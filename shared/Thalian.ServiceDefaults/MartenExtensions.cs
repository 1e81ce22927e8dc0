using JasperFx;
using JasperFx.Events;
using Marten;
using JasperFx.Events.Daemon;
using JasperFx.MultiTenancy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Thalian.ServiceDefaults.Locking;

namespace Thalian.ServiceDefaults;

public static class MartenExtensions
{
    /// <summary>
    /// Marten in the service's own schema, conjoined tenancy on every stream and document, and a
    /// PostgreSQL readiness check. <paramref name="configure"/> registers the service's documents and projections.
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddThalianMarten(
        this IHostApplicationBuilder builder, string schema, Action<StoreOptions>? configure = null)
    {
        var connectionString = builder.Configuration.GetPostgresConnectionString();
        var dbSchema = builder.Configuration["Thalian:Schema"] ?? schema;
        builder.Services.AddHealthChecks().AddNpgSql(connectionString, name: "postgres", tags: ["ready"]);
        builder.Services.AddSingleton(new AdvisoryLocks(builder.Configuration, dbSchema));
        builder.Services.AddSingleton<TenantSlots>();
        return builder.Services.AddMarten(opts =>
        {
            opts.Connection(connectionString);
            opts.DatabaseSchemaName = dbSchema;
            opts.Events.TenancyStyle = TenancyStyle.Conjoined;
            opts.Policies.AllDocumentsAreMultiTenanted();
            opts.Events.StreamIdentity = StreamIdentity.AsGuid;
            opts.Events.MetadataConfig.CorrelationIdEnabled = true;
            opts.Events.MetadataConfig.CausationIdEnabled = true;
            opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
            configure?.Invoke(opts);
            // Every service (and every test class) has its own schema in one database: locks derived from the schema
            // keep their start-up migrations and HotCold daemon elections from waiting on each other.
            opts.ApplyChangesLockId = LockId("migrations/" + opts.DatabaseSchemaName);
            opts.Projections.DaemonLockId = LockId("daemon/" + opts.DatabaseSchemaName);
        }).UseLightweightSessions().ApplyAllDatabaseChangesOnStartup();
    }

    private static int LockId(string name) =>
        BitConverter.ToInt32(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)), 0) & 0x7FFFFFFF;

    /// <summary>
    /// How the Marten async daemon (projections, outbox subscriptions) runs: <c>HotCold</c> elects one replica
    /// (safe with any replica count, the default); <c>Solo</c> is for a single process such as a test host.
    /// </summary>
    public static DaemonMode GetDaemonMode(this IConfiguration configuration) =>
        Enum.Parse<DaemonMode>(configuration["Thalian:DaemonMode"] ?? nameof(DaemonMode.HotCold), ignoreCase: true);

    public static string GetPostgresConnectionString(this IConfiguration configuration) =>
        configuration.GetConnectionString("Postgres")
        ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not set (environment variable ConnectionStrings__Postgres).");
}
