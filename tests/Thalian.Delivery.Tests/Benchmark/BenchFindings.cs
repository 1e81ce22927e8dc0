using Thalian.Contracts.Findings;
using Thalian.Delivery.Destinations;

namespace Thalian.Delivery.Benchmark;

/// <summary>Findings shaped like the real ones (a stale IAM user with evidence), one per index.</summary>
public static class BenchFindings
{
    public static FindingDetails Finding(string tenant, int i, DateTimeOffset now) => new()
    {
        TenantId = tenant,
        FindingId = Guid.CreateVersion7(now),
        RuleId = "stale-iam-user",
        Title = $"IAM user bench-{i:D5} outlived its IdP account",
        Severity = "high",
        Status = "open",
        ResourceType = "iam-user",
        ResourceArn = $"arn:aws:iam::111122223333:user/bench-{i:D5}",
        ResourceId = $"AIDABENCH{i:D11}",
        AccountId = "111122223333",
        IdentityId = Guid.CreateVersion7(now),
        Summary = $"IAM user bench-{i:D5} is still usable but its IdP account was deprovisioned",
        Evidence = new Dictionary<string, string> { ["idpStatus"] = "deprovisioned", ["accessKey1Active"] = "true", ["passwordLastUsed"] = "2026-10-01T08:00:00Z" },
        FirstSeenAt = now,
        LastSeenAt = now,
        DataObservedAt = now,
        CisControl = "1.12",
    };

    /// <summary>The event the delivery service makes of the published message, for the floors' pre-built bodies.</summary>
    public static DeliveryEvent Event(int i, DateTimeOffset now) => new()
    {
        EventId = Guid.CreateVersion7(now),
        Transition = Transitions.Opened,
        Finding = Finding("bench-floor", i, now),
        Version = 1,
        OccurredAt = now,
    };
}

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

/// <summary>The delivery process's peak resident memory (VmHWM), reset before each run where the kernel allows it.</summary>
public static class PeakMemory
{
    public static void Reset(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
        }
        catch (IOException)
        {
            Console.WriteLine("[bench] could not reset VmHWM: the peak is the process's since it started");
        }
        catch (UnauthorizedAccessException)
        {
            Console.WriteLine("[bench] could not reset VmHWM: the peak is the process's since it started");
        }
    }

    /// <summary>User + system CPU seconds the process has used (utime and stime of /proc/PID/stat, in clock ticks of 1/100 s).</summary>
    public static double CpuSecondsOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
    }

    public static long MebibytesOf(int pid) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
}
