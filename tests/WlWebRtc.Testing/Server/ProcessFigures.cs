using System.Globalization;

namespace WlWebRtc.Testing.Server;

/// <summary>A process's resource figures from /proc: what a leak or a spin shows up in.</summary>
public sealed record ProcessFigures(long RssBytes, int Threads, int FileDescriptors, int UdpSockets, double CpuSeconds)
{
    public double RssMegabytes => RssBytes / (1024.0 * 1024.0);

    public static ProcessFigures Read(int pid)
    {
        long rss = 0;
        var threads = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
            else if (line.StartsWith("Threads:", StringComparison.Ordinal))
            {
                threads = int.Parse(line["Threads:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        var descriptors = Directory.GetFiles($"/proc/{pid}/fd");
        var socketInodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var descriptor in descriptors)
        {
            try
            {
                var target = new FileInfo(descriptor).LinkTarget;
                if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    socketInodes.Add(target["socket:[".Length..^1]);
                }
            }
            catch (IOException)
            {
            }
        }

        // A UDP socket is one of the process's socket inodes listed in its network namespace's udp tables.
        var udp = 0;
        foreach (var table in new[] { $"/proc/{pid}/net/udp", $"/proc/{pid}/net/udp6" })
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 9 && socketInodes.Contains(fields[9]))
                {
                    udp++;
                }
            }
        }

        return new ProcessFigures(rss, threads, descriptors.Length, udp, CpuSecondsOf(pid));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"RSS {RssMegabytes:0.0} MB, {Threads} threads, {FileDescriptors} fds, {UdpSockets} UDP sockets, CPU {CpuSeconds:0.00} s");

    /// <summary>The peak resident set size (VmHWM), in bytes.</summary>
    public static long PeakRssBytesOf(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    /// <summary>User + system CPU time in seconds (/proc/PID/stat fields 14 and 15, USER_HZ = 100).</summary>
    public static double CpuSecondsOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}
