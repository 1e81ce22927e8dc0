using System.Text.Json;
using Marten;

namespace Thalian.Correlation.Identifying;

/// <summary>
/// Finds documents whose string-array field holds any of the given values. Each value is its own JSON containment
/// test, answered by the GIN (jsonb_path_ops) index on the document body, and the tests are joined with UNION ALL:
/// OR-ing hundreds of them makes the planner expect most of the table and scan it, and Marten's LINQ for "array has
/// any of" expands every row's array.
/// </summary>
public static class JsonArrayLookup
{
    private const int BranchesPerQuery = 200;

    public static async Task<IReadOnlyList<T>> AnyAsync<T>(IQuerySession session, IReadOnlyList<(string Field, IReadOnlyCollection<string> Values)> lookups,
        CancellationToken ct) where T : IStreamState
    {
        var conditions = lookups
            .SelectMany(l => l.Values.Distinct().Select(v => JsonSerializer.Serialize(new Dictionary<string, string[]> { [l.Field] = [v] })))
            .ToList();
        // Marten's default table name for the document type, in this store's schema.
        var table = $"{session.DocumentStore.Options.DatabaseSchemaName}.mt_doc_{typeof(T).Name.ToLowerInvariant()}";
        var found = new Dictionary<Guid, T>();
        foreach (var chunk in conditions.Chunk(BranchesPerQuery))
        {
            // The tenant is filtered explicitly: raw SQL does not get the conjoined-tenancy filter LINQ adds.
            var sql = string.Join(" union all ", chunk.Select(_ => $"select data from {table} where tenant_id = ? and data @> ?::jsonb"));
            var parameters = chunk.SelectMany(json => new object[] { session.TenantId, json }).ToArray();
            foreach (var document in await session.QueryAsync<T>(sql, ct, parameters))
            {
                found[document.Id] = document;
            }
        }
        return [.. found.Values];
    }
}
