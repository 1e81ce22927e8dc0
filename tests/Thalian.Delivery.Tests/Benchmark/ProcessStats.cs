namespace Thalian.Delivery.Benchmark;

/// <summary>The delivery process's peak resident memory (VmHWM, reset before each run where the kernel allows it) and CPU time.</summary>
public static class ProcessStats
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
