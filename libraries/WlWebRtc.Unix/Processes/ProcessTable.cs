using System.Text;

namespace WlWebRtc.Unix;

/// <summary>
/// What /proc says about processes: liveness (a zombie counts as gone) and environment markers, and signals.
/// Shared by the headless session, which must find and end every process of a run it started, and the test fixtures.
/// </summary>
public static class ProcessTable
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    /// <summary>Running and not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("State:", StringComparison.Ordinal))
                {
                    var state = line.AsSpan(6).Trim();
                    return state.Length > 0 && state[0] is not 'Z' and not 'X';
                }
            }

            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Every live process but this one whose environment holds exactly <paramref name="entry"/> (e.g. <c>XDG_RUNTIME_DIR=/x</c>).</summary>
    public static IReadOnlyList<int> WithEnvironmentEntry(string entry)
    {
        var needle = Encoding.UTF8.GetBytes(entry + "\0");
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                if (HasEntry(File.ReadAllBytes(Path.Combine(directory, "environ")), needle) && IsAlive(pid))
                {
                    found.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // it exited while we looked, or it is not ours to see
            }
        }

        return found;
    }

    /// <summary>SIGTERM, up to <paramref name="grace"/> for it to be gone, then SIGKILL.</summary>
    public static void Terminate(int pid, TimeSpan grace)
    {
        if (!IsAlive(pid))
        {
            return;
        }

        Signal(pid, SigTerm);
        var deadline = Environment.TickCount64 + (long)grace.TotalMilliseconds;
        while (IsAlive(pid) && Environment.TickCount64 < deadline)
        {
            Thread.Sleep(50);
        }

        if (IsAlive(pid))
        {
            Signal(pid, SigKill);
        }
    }

    public static void Signal(int pid, int signal) => _ = Interop.Libc.Kill(pid, signal);

    internal static bool HasEntry(ReadOnlySpan<byte> environ, ReadOnlySpan<byte> needle)
    {
        var start = 0;
        while (start < environ.Length)
        {
            var index = environ[start..].IndexOf(needle);
            if (index < 0)
            {
                return false;
            }

            var at = start + index;
            if (at == 0 || environ[at - 1] == 0)
            {
                return true;
            }

            start = at + 1;
        }

        return false;
    }
}
