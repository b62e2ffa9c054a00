using System.Runtime.InteropServices;
using System.Text;

namespace WlWebRtc.Testing.Desktop;

/// <summary>What /proc says about processes: liveness (zombies count as gone) and environment markers.</summary>
internal static class ProcessTable
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
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Every process (but this one) whose environment holds exactly <paramref name="entry"/> (e.g. XDG_RUNTIME_DIR=/x).</summary>
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
                var environ = File.ReadAllBytes(Path.Combine(directory, "environ"));
                if (HasEntry(environ, needle) && IsAlive(pid))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // the process exited while we looked
            }
            catch (UnauthorizedAccessException)
            {
                // not ours to see
            }
        }

        return found;
    }

    private static bool HasEntry(ReadOnlySpan<byte> environ, ReadOnlySpan<byte> needle)
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

    /// <summary>SIGTERM, wait up to 3 s for it to be gone (or a zombie), then SIGKILL.</summary>
    public static void Terminate(int pid)
    {
        if (!IsAlive(pid))
        {
            return;
        }

        Signal(pid, SigTerm);
        for (var i = 0; i < 60 && IsAlive(pid); i++)
        {
            Thread.Sleep(50);
        }

        if (IsAlive(pid))
        {
            Signal(pid, SigKill);
        }
    }

    public static void Signal(int pid, int signal) => _ = Interop.Kill(pid, signal);

    // DllImport: the testing project does not allow unsafe code, which LibraryImport's generated stubs need.
    private static class Interop
    {
        [DllImport("libc", EntryPoint = "kill")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Kill(int pid, int signal);
    }
}
