using System.Globalization;
using WlWebRtc.Unix;

namespace WlWebRtc.Testing.Desktop;

/// <summary>
/// Run directories: each holds an <c>owner</c> file with the pid of the test process that created it.
/// A run whose owner died without disposing it (a crashed test host) is cleaned at the next start.
/// </summary>
internal static class StaleRuns
{
    private const string OwnerFile = "owner";
    private const string KeptFile = "kept";

    public static string Create(string baseDirectory)
    {
        var run = Path.Combine(baseDirectory, string.Create(CultureInfo.InvariantCulture, $"run-{Environment.ProcessId}-{Guid.NewGuid():N}")[..32]);
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        return run;
    }

    public static void Clean(string baseDirectory)
    {
        foreach (var run in Directory.EnumerateDirectories(baseDirectory, "run-*"))
        {
            try
            {
                var owner = File.Exists(Path.Combine(run, OwnerFile))
                    ? int.Parse(File.ReadAllText(Path.Combine(run, OwnerFile)).Trim(), CultureInfo.InvariantCulture)
                    : 0;
                if (owner == Environment.ProcessId || (owner > 0 && ProcessTable.IsAlive(owner)))
                {
                    continue;
                }

                KillMarked(Path.Combine(run, "xdg"));
                var kept = Path.Combine(run, KeptFile);
                if (!File.Exists(kept) || File.GetLastWriteTimeUtc(kept) < DateTime.UtcNow.AddDays(-1))
                {
                    Delete(run);
                }
            }
            catch (FormatException)
            {
                // not one of ours
            }
            catch (IOException)
            {
                // another test process is cleaning it
            }
        }
    }

    /// <summary>Stops every process whose environment holds XDG_RUNTIME_DIR=<paramref name="runtimeDirectory"/>.</summary>
    public static void KillMarked(string runtimeDirectory)
    {
        var marker = "XDG_RUNTIME_DIR=" + runtimeDirectory;
        for (var round = 0; round < 3; round++)
        {
            var left = ProcessTable.WithEnvironmentEntry(marker);
            if (left.Count == 0)
            {
                return;
            }

            foreach (var pid in left)
            {
                ProcessTable.Terminate(pid, TimeSpan.FromSeconds(3));
            }
        }
    }

    public static void Delete(string run)
    {
        try
        {
            Directory.Delete(run, recursive: true);
        }
        catch (IOException)
        {
            // a process that ignored SIGKILL's delivery still had a file open; leave it for the next clean
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public static void MarkKept(string run) => File.WriteAllText(Path.Combine(run, KeptFile), "");
}
