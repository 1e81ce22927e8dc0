using System.Text.Json;
using Marten;

namespace Thalian.Correlation.Identifying;

/// <summary>
/// Finds documents whose string-array field holds any of the given values, as OR-ed JSON containment tests that
/// the GIN (jsonb_path_ops) index on the document body answers. Marten's LINQ for "array has any of" expands
/// every row's array instead, a full scan per query.
/// </summary>
public static class JsonArrayLookup
{
    private const int ConditionsPerQuery = 400;

    public static async Task<IReadOnlyList<T>> AnyAsync<T>(IQuerySession session, IReadOnlyList<(string Field, IReadOnlyCollection<string> Values)> lookups,
        CancellationToken ct) where T : IStreamState
    {
        var conditions = lookups
            .SelectMany(l => l.Values.Distinct().Select(v => JsonSerializer.Serialize(new Dictionary<string, string[]> { [l.Field] = [v] })))
            .ToList();
        var found = new Dictionary<Guid, T>();
        foreach (var chunk in conditions.Chunk(ConditionsPerQuery))
        {
            // The tenant is filtered explicitly: raw SQL is not guaranteed the conjoined-tenancy filter LINQ adds.
            var sql = $"where tenant_id = ? and ({string.Join(" or ", chunk.Select(_ => "data @> ?::jsonb"))})";
            var parameters = chunk.Cast<object>().Prepend(session.TenantId).ToArray();
            foreach (var document in await session.QueryAsync<T>(sql, ct, parameters))
            {
                found[document.Id] = document;
            }
        }
        return [.. found.Values];
    }
}
