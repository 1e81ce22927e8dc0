using System.Text.Json;

namespace Thalian.Demo;

/// <summary>The findings table, and the comparison with deploy/demo/expected-findings.json.</summary>
public static class Reporting
{
    private static readonly string[] SeverityOrder = ["critical", "high", "medium", "low"];

    public static void PrintTable(IReadOnlyList<Finding> findings)
    {
        var rows = findings
            .OrderBy(f => Array.IndexOf(SeverityOrder, f.Severity.ToLowerInvariant()) is var i && i < 0 ? 9 : i)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal).ThenBy(f => f.Identity, StringComparer.Ordinal)
            .Select(f => new[] { f.RuleId, f.Severity, f.Identity, f.AccountId, Shorten(f.Summary, 70) })
            .Prepend(["RULE", "SEVERITY", "IDENTITY", "ACCOUNT", "EVIDENCE"])
            .ToList();
        var widths = Enumerable.Range(0, 5).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var (row, index) in rows.Select((r, i) => (r, i)))
        {
            Console.WriteLine(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
            if (index == 0)
            {
                Console.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
            }
        }
        Console.WriteLine($"{findings.Count} open findings.");
    }

    public static HashSet<string> ExpectedKeys(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => $"{f.GetProperty("ruleId").GetString()} {f.GetProperty("accountId").GetString()} {f.GetProperty("resourceArn").GetString()}")];
    }

    /// <summary>Prints every difference; true when the open findings are exactly the expected set.</summary>
    public static bool Compare(IReadOnlyList<Finding> findings, HashSet<string> expected)
    {
        var actual = findings.Select(f => f.Key).ToHashSet();
        var missing = expected.Except(actual).Order(StringComparer.Ordinal).ToList();
        var unexpected = actual.Except(expected).Order(StringComparer.Ordinal).ToList();
        missing.ForEach(m => Console.WriteLine($"[verify] MISSING    {m}"));
        unexpected.ForEach(u => Console.WriteLine($"[verify] UNEXPECTED {u}"));
        var ok = missing.Count == 0 && unexpected.Count == 0 && actual.Count == findings.Count;
        Console.WriteLine(ok ? $"[verify] OK: the {expected.Count} expected findings and nothing else."
            : $"[verify] FAILED: {missing.Count} missing, {unexpected.Count} unexpected, {findings.Count - actual.Count} duplicates.");
        return ok;
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
