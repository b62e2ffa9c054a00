using System.Globalization;
using System.Runtime.InteropServices;

namespace WlWebRtc.FFmpeg.Benchmark;

/// <summary>CPU time and memory of this process and its reaped children, from /proc.</summary>
internal static class ProcessStats
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>CPU time (user + system) of this process, every thread, to the microsecond.</summary>
    public static unsafe TimeSpan SelfCpuTime()
    {
        Interop.Libc.RUsage usage;
        if (Interop.Libc.getrusage(Interop.Libc.RUSAGE_SELF, &usage) != 0)
        {
            throw new IOException($"getrusage failed: errno {Marshal.GetLastPInvokeError()}");
        }

        var microseconds = ((usage.UserSeconds + usage.SystemSeconds) * 1_000_000) + usage.UserMicroseconds + usage.SystemMicroseconds;
        return TimeSpan.FromMicroseconds(microseconds);
    }

    /// <summary>Peak resident set size (VmHWM) in bytes.</summary>
    public static long PeakRssBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    /// <summary>CPU time (user + system) of children that were waited for (cutime + cstime of /proc/self/stat).</summary>
    public static TimeSpan ChildrenCpuTime()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

        // After "pid (comm) ", field 3 (state) is index 0; cutime is field 16 and cstime field 17.
        var ticks = long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
