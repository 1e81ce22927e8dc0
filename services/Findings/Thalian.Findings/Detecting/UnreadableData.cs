using Thalian.Contracts.Aws;

namespace Thalian.Findings.Detecting;

/// <summary>Which of the data a rule needs the collector could not read, in the collector's words; null when all of it was read.</summary>
internal static class UnreadableData
{
    public static string? Columns(IReadOnlyList<DataProblem> problems, params string[] columns) =>
        Words(problems.Where(p => p.Part == DataParts.CredentialReport && columns.Contains(p.Field, StringComparer.Ordinal)));

    public static string? KeySlot(IReadOnlyList<DataProblem> problems, int slot, bool withUse) =>
        withUse
            ? Columns(problems, $"access_key_{slot}_active", $"access_key_{slot}_last_rotated", $"access_key_{slot}_last_used_date")
            : Columns(problems, $"access_key_{slot}_active", $"access_key_{slot}_last_rotated");

    public static string? Groups(IReadOnlyList<DataProblem> problems) => Words(problems.Where(p => p.Part == DataParts.Group));

    private static string? Words(IEnumerable<DataProblem> problems)
    {
        var words = problems.Select(p => p.Problem).Distinct().ToList();
        return words.Count == 0 ? null : string.Join("; ", words);
    }
}
