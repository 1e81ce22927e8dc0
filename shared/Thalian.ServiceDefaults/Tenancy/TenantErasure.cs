using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Thalian.ServiceDefaults.Auth;
using Thalian.ServiceDefaults.Locking;

namespace Thalian.ServiceDefaults.Tenancy;

/// <summary>
/// Deletes everything one tenant left in this service's schema: Marten's documents and event streams, then every other
/// row with that <c>tenant_id</c>. Idempotent, so an interrupted tenant deletion is simply repeated. The gateway calls
/// <see cref="Path"/> on every service with an admin token for the tenant (see docs/decisions/gateway-tenant-deletion.md);
/// the path is not routed by the gateway, so no caller reaches it directly.
/// </summary>
public static class TenantErasure
{
    public const string Path = "/internal/v1/tenant";

    public static IEndpointRouteBuilder MapTenantErasure(this IEndpointRouteBuilder app)
    {
        app.MapDelete(Path, async (HttpContext http, IServiceProvider services, TenantSlots slots, ILoggerFactory logs, CancellationToken ct) =>
        {
            var tenant = http.User.TenantId();
            // A run of the tenant finishing after the erasure would write its connection back: none may run meanwhile.
            await using var quiet = new Held();
            foreach (var run in services.GetServices<TenantRun>())
            {
                if (await slots.TryAcquireAllAsync(run.Kind, tenant, ct) is not { } all)
                {
                    return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "A run of this tenant is in progress",
                        detail: $"A {run.Kind} of this tenant is running; repeat the deletion when it has finished.");
                }
                quiet.Add(all);
            }
            await EraseAsync(services, tenant, ct);
            logs.CreateLogger(typeof(TenantErasure)).LogWarning("Erased every row of tenant {TenantId} at the request of {Actor}", tenant, http.User.Actor());
            return Results.NoContent();
        }).RequireAuthorization(AuthExtensions.AdminPolicy).ExcludeFromDescription(); // internal: not in the public document
        return app;
    }

    public static async Task EraseAsync(IServiceProvider services, string tenantId, CancellationToken ct)
    {
        foreach (var step in services.GetServices<IErasesTenantData>())
        {
            await step.EraseAsync(tenantId, ct);
        }
        var store = services.GetRequiredService<IDocumentStore>();
        await store.Advanced.DeleteAllTenantDataAsync(tenantId, ct);
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var table in await TablesWithTenantIdAsync(connection, store.Options.DatabaseSchemaName, ct))
        {
            await using var delete = new NpgsqlCommand($"delete from \"{store.Options.DatabaseSchemaName}\".\"{table}\" where tenant_id = @tenant", connection, transaction);
            delete.Parameters.AddWithValue("tenant", tenantId);
            await delete.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    private static async Task<List<string>> TablesWithTenantIdAsync(NpgsqlConnection connection, string schema, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            select c.table_name from information_schema.columns c
            join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
            where c.table_schema = @schema and c.column_name = 'tenant_id'
            """, connection);
        command.Parameters.AddWithValue("schema", schema);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            tables.Add(reader.GetString(0));
        }
        return tables;
    }
}

/// <summary>A kind of <see cref="TenantSlots"/> run (a collector's syncs) that erasure waits out: it takes all the tenant's slots or answers 409.</summary>
public sealed record TenantRun(string Kind);

internal sealed class Held : List<IAsyncDisposable>, IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        foreach (var held in this)
        {
            await held.DisposeAsync();
        }
    }
}

/// <summary>A service's own tenant rows that carry no <c>tenant_id</c> column (erased first, while their parents still exist).</summary>
public interface IErasesTenantData
{
    Task EraseAsync(string tenantId, CancellationToken ct);
}
