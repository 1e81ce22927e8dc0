namespace Thalian.Delivery.Benchmark;

/// <summary>One event as the receiver answered it with a 2xx.</summary>
public sealed record Received(string Id, DateTimeOffset CommittedAt, DateTimeOffset AnsweredAt);

/// <summary>The outcome of one target's run.</summary>
public sealed record Run(double EventsPerSecond, TimeSpan P50, TimeSpan P99, TimeSpan Max, int Received, int Duplicates, long PeakMib, double CpuMsPerEvent)
{
    public static Run Of(DateTimeOffset started, IReadOnlyList<Received> received, int expected, long peakMib, double cpuSeconds)
    {
        var unique = received.DistinctBy(r => r.Id).ToList();
        var delays = unique.Select(r => r.AnsweredAt - r.CommittedAt).Order().ToList();
        var last = unique.Max(r => r.AnsweredAt);
        return new Run(Math.Min(unique.Count, expected) / (last - started).TotalSeconds, Percentile(delays, 0.50), Percentile(delays, 0.99), delays[^1],
            unique.Count, received.Count - unique.Count, peakMib, cpuSeconds * 1000 / expected);
    }

    private static TimeSpan Percentile(List<TimeSpan> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
