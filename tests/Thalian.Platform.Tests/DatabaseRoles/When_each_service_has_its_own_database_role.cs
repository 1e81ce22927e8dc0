using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Thalian.Gateway.Tenancy;
using Thalian.Testing;

namespace Thalian.Platform.Tests.DatabaseRoles;

/// <summary>
/// scripts/db-roles.sh on a server of the test's own: every service runs as its role, owns its schema, and cannot read
/// (or write) another service's tables; objects the shared user created before move to the role.
/// </summary>
public sealed class When_each_service_has_its_own_database_role : IsolatedInfrastructure
{
    [Fact]
    public async Task A_services_role_cannot_select_from_another_services_schema()
    {
        await using var server = await PrivatePostgres.StartAsync();
        await server.PsqlAsync("thalian", "set role thalian; create schema correlation; create table correlation.made_before (id int);");
        var passwords = Path.Combine(Path.GetTempPath(), "thalian-db-passwords-" + Id);
        var script = new Dictionary<string, string> { ["THALIAN_DB_PASSWORDS_DIR"] = passwords };
        await server.RunScriptAsync("scripts/db-roles.sh", script);
        await server.RunScriptAsync("scripts/db-roles.sh", script); // idempotent
        string As(string service) => server.ConnectionString("thalian_" + service, File.ReadAllText(Path.Combine(passwords, service)));

        // Real services start as their roles: Marten creates their tables inside the schema they own.
        await using var gateway = Service<Thalian.Gateway.GatewayService>("gateway", As("gateway"));
        await using var aws = Service<Thalian.AwsCollector.AwsCollectorService>("aws_collector", As("aws_collector"));
        await using var findings = Service<Thalian.Findings.FindingsService>("findings", As("findings"));
        _ = aws.Server;
        _ = findings.Server;
        var tenant = await gateway.Services.GetRequiredService<TenantDirectory>().CreateTenantAsync("roles", CancellationToken.None);

        Assert.Equal(1L, await ScalarAsync(As("gateway"), "select count(*) from gateway.mt_doc_tenant"));
        Assert.Equal(0L, await ScalarAsync(As("findings"), "select count(*) from findings.mt_doc_findingview"));
        Assert.Equal("42501", await DeniedAsync(As("findings"), "select count(*) from gateway.mt_doc_tenant"));
        Assert.Equal("42501", await DeniedAsync(As("findings"), "select count(*) from gateway.mt_doc_apikey"));
        Assert.Equal("42501", await DeniedAsync(As("gateway"), "select count(*) from findings.mt_doc_findingview"));
        Assert.Equal("42501", await DeniedAsync(As("gateway"), "select count(*) from aws_collector.mt_doc_awsconnection"));
        Assert.Equal("42501", await DeniedAsync(As("aws_collector"), "select count(*) from correlation.made_before"));
        Assert.Equal("42501", await DeniedAsync(As("aws_collector"), "create table gateway.planted (id int)"));
        Assert.Equal("thalian_correlation", await ScalarAsync(server.ConnectionString("thalian", "thalian"),
            "select tableowner from pg_tables where schemaname = 'correlation' and tablename = 'made_before'"));
        // The installation's own user (backups, scripts) still reads every schema: it is a member of each role.
        Assert.Equal(1L, await ScalarAsync(server.ConnectionString("thalian", "thalian"), $"select count(*) from gateway.mt_doc_tenant where tenant_id = '{tenant.Id}'"));
    }

    private ServiceFactory<T> Service<T>(string service, string connectionString) where T : class =>
        new(this, service, new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = connectionString, ["Thalian:Schema"] = service });

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task<string> DeniedAsync(string connectionString, string sql)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(connectionString, sql));
        return error.SqlState;
    }
}
