using System.Text.RegularExpressions;
using Marten;

namespace Thalian.Correlation.Identifying;

/// <summary>
/// Finds documents whose key-array field holds any of the given values. The fields are duplicated into text[]
/// columns with GIN indexes (see CorrelationSetup), so one array-overlap test answers a whole batch of keys;
/// Marten's LINQ for "array has any of" expands every row's JSON array instead, a full scan per query.
/// </summary>
public static partial class JsonArrayLookup
{
    public static async Task<IReadOnlyList<T>> AnyAsync<T>(IQuerySession session, IReadOnlyList<(string Field, IReadOnlyCollection<string> Values)> lookups,
        CancellationToken ct) where T : IStreamState
    {
        var used = lookups.Where(l => l.Values.Count > 0).ToList();
        if (used.Count == 0)
        {
            return [];
        }
        // Marten's default table name for the document type, in this store's schema; columns as Marten names duplicated fields.
        var table = $"{session.DocumentStore.Options.DatabaseSchemaName}.mt_doc_{typeof(T).Name.ToLowerInvariant()}";
        // The array goes through a sub-select: given the literal array, the planner estimates that a long one
        // overlaps most rows and scans the table instead of the GIN index.
        var overlaps = used.Select(l => $"{ColumnOf(l.Field)} && (select ?::text[])");
        // The tenant is filtered explicitly: raw SQL does not get the conjoined-tenancy filter LINQ adds.
        var sql = $"select data from {table} where tenant_id = ? and ({string.Join(" or ", overlaps)})";
        var parameters = used.Select(l => (object)l.Values.Distinct().ToArray()).Prepend(session.TenantId).ToArray();
        return [.. (await session.QueryAsync<T>(sql, ct, parameters)).DistinctBy(d => d.Id)];
    }

    private static string ColumnOf(string field) => UpperCase().Replace(field, m => (m.Index > 0 ? "_" : "") + m.Value.ToLowerInvariant());

    [GeneratedRegex("[A-Z]")]
    private static partial Regex UpperCase();
}
