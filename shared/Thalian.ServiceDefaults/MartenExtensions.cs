using JasperFx;
using JasperFx.Events;
using Marten;
using JasperFx.MultiTenancy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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
        builder.Services.AddHealthChecks().AddNpgSql(connectionString, name: "postgres", tags: ["ready"]);
        return builder.Services.AddMarten(opts =>
        {
            opts.Connection(connectionString);
            opts.DatabaseSchemaName = builder.Configuration["Thalian:Schema"] ?? schema;
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

    public static string GetPostgresConnectionString(this IConfiguration configuration) =>
        configuration.GetConnectionString("Postgres")
        ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not set (environment variable ConnectionStrings__Postgres).");
}
