using System.Globalization;
using CsvHelper;
using Thalian.Findings.ManagingFindings;

namespace Thalian.Findings.QueryingFindings;

/// <summary>The CSV export: one row per finding, the columns a spreadsheet or ticket import needs.</summary>
public static class FindingCsv
{
    private static readonly string[] Header =
    [
        "findingId", "ruleId", "severity", "status", "title", "accountId", "resourceType", "resourceArn", "summary",
        "firstSeenAt", "lastSeenAt", "dataObservedAt", "suppressionReason", "suppressedUntil",
    ];

    public static byte[] Write(IEnumerable<FindingView> findings)
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new System.Text.UTF8Encoding(false)))
        using (var csv = CsvWriter.Create(writer, CsvWriterOptions.Default, leaveOpen: true))
        {
            csv.WriteHeader(Header);
            foreach (var f in findings)
            {
                csv.WriteRecord([
                    f.Id.ToString(), f.RuleId, f.Severity, f.Status, Cell(f.Title), f.AccountId, f.ResourceType, Cell(f.ResourceArn), Cell(f.Summary),
                    Time(f.FirstSeenAt), Time(f.LastSeenAt), Time(f.DataObservedAt), Cell(f.SuppressionReason ?? ""),
                    f.SuppressedUntil is { } until ? Time(until) : "",
                ]);
            }
        }
        return buffer.ToArray();
    }

    private static string Time(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    // Text that a spreadsheet would run as a formula (IAM names may start with '=', '+', '-' or '@') is prefixed with an apostrophe.
    private static string Cell(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' ? "'" + text : text;
}
