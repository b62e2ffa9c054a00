using System.Diagnostics;
using WlWebRtc.Unix;

namespace WlWebRtc.Session.Processes;

/// <summary>
/// A long-running program of the session (a daemon, the compositor, the streaming server), in a session of its own
/// (setsid: a Ctrl+C aimed at the server's terminal does not reach the desktop), with its output in a log file (or
/// inherited, for the streaming server, so that its log reaches the console or the journal). Disposal stops it:
/// SIGTERM, then SIGKILL after the grace period.
/// </summary>
internal sealed class SessionProcess : IDisposable
{
    private readonly Process _process;
    private readonly TimeSpan _grace;
    private int _disposed;

    private SessionProcess(string name, Process process, string? logPath, TimeSpan grace)
    {
        Name = name;
        _process = process;
        LogPath = logPath;
        _grace = grace;
        Pid = process.Id;
    }

    public string Name { get; }

    public int Pid { get; }

    public string? LogPath { get; }

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>
    /// Starts <paramref name="program"/> (after the <paramref name="prefix"/> words, e.g. setpriv's) with its output
    /// in <paramref name="logPath"/>; sh opens the log and then becomes the program (exec), so the pid is the program's.
    /// </summary>
    public static SessionProcess StartLogged(
        string name, string logPath, IReadOnlyDictionary<string, string?> environment, IReadOnlyList<string> prefix, string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec setsid \"$@\" > \"$0\" 2>&1 < /dev/null");
        start.ArgumentList.Add(logPath);
        foreach (var word in prefix.Append(program).Concat(arguments))
        {
            start.ArgumentList.Add(word);
        }

        CommandRunner.Apply(start, environment);
        return Start(name, start, logPath, TimeSpan.FromSeconds(3));
    }

    /// <summary>Starts a process whose output is inherited (the streaming server), stopped with a longer grace period.</summary>
    public static SessionProcess StartInheriting(string name, ProcessStartInfo start, TimeSpan grace)
    {
        ArgumentNullException.ThrowIfNull(start);
        start.UseShellExecute = false;
        return Start(name, start, null, grace);
    }

    /// <summary>Waits until it exits.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>The last lines of its log (empty without a log).</summary>
    public string LogTail(int lines = 15)
    {
        if (LogPath is null)
        {
            return "";
        }

        try
        {
            return string.Join('\n', File.ReadLines(LogPath).TakeLast(lines));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"(log unreadable: {ex.Message})";
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (!_process.HasExited)
        {
            ProcessTable.Signal(Pid, ProcessTable.SigTerm);
            if (!_process.WaitForExit(_grace))
            {
                ProcessTable.Signal(Pid, ProcessTable.SigKill);
                _process.WaitForExit(TimeSpan.FromSeconds(5));
            }
        }

        _process.Dispose();
    }

    private static SessionProcess Start(string name, ProcessStartInfo start, string? logPath, TimeSpan grace)
    {
        var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            throw new SessionStartException($"Could not start {name} ({start.FileName}): {ex.Message}", ex);
        }

        return new SessionProcess(name, process, logPath, grace);
    }
}
