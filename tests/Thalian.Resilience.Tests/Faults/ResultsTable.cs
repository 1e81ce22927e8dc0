using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Thalian.Resilience.Tests.Observing;

namespace Thalian.Resilience.Tests.Faults;

/// <summary>The README's table, one row per scenario, written to .run/faults/results.md when the suite ends.</summary>
public sealed class ResultsTable
{
    private readonly ConcurrentQueue<string> rows = new();
    private string baseline = "";

    public void Baseline(Outcome outcome, TimeSpan took) =>
        baseline = $"Fault-free run: {outcome.OpenFindings.Count} open findings, {outcome.Transitions.Count} finding streams, settled in {took.TotalSeconds:0} s.";

    public void Add(string fault, Comparison comparison, Deliveries deliveries, TimeSpan toRecover) =>
        rows.Enqueue(string.Create(CultureInfo.InvariantCulture,
            $"| {fault} | 1 | {comparison.Lost.Count} | {comparison.DuplicatedTransitions.Count} | {comparison.SpuriousResolutions.Count} | " +
            $"{deliveries.Missing.Count} of {deliveries.Expected} / {deliveries.OutOfOrderFindings.Count} / {deliveries.Resent} | {toRecover.TotalSeconds:0} s |"));

    public void Write(string path)
    {
        var text = new StringBuilder()
            .AppendLine(baseline).AppendLine()
            .AppendLine("| fault | runs | findings lost | duplicated transitions | spurious resolutions | webhook events lost / out of order / re-sent | time to recover |")
            .AppendLine("|---|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            text.AppendLine(row);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ToString());
    }
}
