using System.Diagnostics;
using WlWebRtc.Unix;

namespace WlWebRtc.Testing.Desktop;

/// <summary>
/// A long-running process started for the desktop (a daemon or a client), in its own session, with its
/// output in a log file. Disposal stops it (SIGTERM, then SIGKILL after 3 s).
/// </summary>
public sealed class DesktopProcess : IDisposable
{
    private readonly Process _process;
    private int _disposed;

    private DesktopProcess(string name, Process process, string logPath)
    {
        Name = name;
        _process = process;
        LogPath = logPath;
        Pid = process.Id;
    }

    public string Name { get; }

    public int Pid { get; }

    public string LogPath { get; }

    /// <summary>Running (an exited child is reaped by .NET, so it is never seen as a zombie here).</summary>
    public bool IsRunning => Volatile.Read(ref _disposed) == 0 && !_process.HasExited;

    /// <summary>The exit code once it has exited, else null.</summary>
    public int? ExitCode => Volatile.Read(ref _disposed) == 0 && _process.HasExited ? _process.ExitCode : null;

    internal static DesktopProcess Start(string name, string logPath, IReadOnlyDictionary<string, string?> environment, string program, IEnumerable<string> arguments)
    {
        // sh redirects the output into the log and then becomes the program (exec), so the pid is the program's;
        // setsid keeps terminal signals aimed at the test runner away from the desktop.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec setsid \"$@\" > \"$0\" 2>&1 < /dev/null");
        start.ArgumentList.Add(logPath);
        start.ArgumentList.Add(program);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        ProcessRunner.Apply(start, environment);
        var process = Process.Start(start) ?? throw new HeadlessDesktopException($"Could not start {name} ({program}).");
        return new DesktopProcess(name, process, logPath);
    }

    /// <summary>The last lines of its log.</summary>
    public string LogTail(int lines = 15) => LogFiles.Tail(LogPath, lines);

    /// <summary>Sends a signal (e.g. 15 = SIGTERM, 9 = SIGKILL) if it still runs.</summary>
    public void Signal(int signal)
    {
        if (IsRunning)
        {
            ProcessTable.Signal(Pid, signal);
        }
    }

    /// <summary>Stops it: SIGTERM, up to 3 s, then SIGKILL.</summary>
    public void Stop()
    {
        if (IsRunning)
        {
            Terminate();
        }
    }

    private void Terminate()
    {
        if (_process.HasExited)
        {
            return;
        }

        ProcessTable.Signal(Pid, ProcessTable.SigTerm);
        if (!_process.WaitForExit(TimeSpan.FromSeconds(3)))
        {
            ProcessTable.Signal(Pid, ProcessTable.SigKill);
            _process.WaitForExit(TimeSpan.FromSeconds(3));
        }
    }

    /// <summary>Stops the process and releases it; safe to call more than once (tests and the desktop's teardown both may).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Terminate();
        _process.Dispose();
    }
}
