using System.Diagnostics;
using System.Text;

namespace WlWebRtc.Host.Tests.Support;

/// <summary>Runs the real wlwebrtc executable (dotnet wlwebrtc.dll) from the host's build output.</summary>
internal sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private HostProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string StandardOutput { get { lock (_stdout) { return _stdout.ToString(); } } }

    public string StandardError { get { lock (_stderr) { return _stderr.ToString(); } } }

    /// <summary>No desktop session and no user config from the machine running the tests: both homes inside <paramref name="directory"/>.</summary>
    public static Dictionary<string, string?> IsolatedEnvironment(TempDirectory directory) => new()
    {
        ["XDG_CONFIG_HOME"] = directory.Combine("config-home"),
        ["XDG_DATA_HOME"] = directory.Combine("data-home"),
        ["XDG_RUNTIME_DIR"] = null,
        ["WAYLAND_DISPLAY"] = null,
        ["DBUS_SESSION_BUS_ADDRESS"] = null,
    };

    public static HostProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepoPaths.HostOutput, "wlwebrtc.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start wlwebrtc");
        process.StandardInput.Close();
        return new HostProcess(process);
    }

    /// <summary>Runs to completion (bounded, so a hang fails the test instead of stalling it).</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, int timeoutSeconds = 120)
    {
        using var host = Start(arguments, environment);
        var exit = await host.WaitForExitAsync(TimeSpan.FromSeconds(timeoutSeconds));
        return (exit, host.StandardOutput, host.StandardError);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"wlwebrtc did not exit within {timeout.TotalSeconds} s; stderr:\n{StandardError}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Waits until a line containing <paramref name="text"/> appears on stderr (the log) or the process ends.</summary>
    public async Task WaitForLogAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!StandardError.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"wlwebrtc exited with {_process.ExitCode} before logging '{text}':\n{StandardError}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"wlwebrtc did not log '{text}' within {timeout.TotalSeconds} s:\n{StandardError}");
            }

            await Task.Delay(100);
        }
    }

    public void Signal(int signal) => _ = Kill(_process.Id, signal);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (builder)
        {
            builder.AppendLine(line);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
