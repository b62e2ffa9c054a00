using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace WlWebRtc.Testing.Server;

/// <summary>
/// The real server (<c>wlwebrtc start</c>, as built with its plugin layout: host/bin/CONFIGURATION/net10.0) on a free
/// loopback port with its own config and control socket. Disposing kills it (and what it started) if it still runs,
/// so a failing test never leaves it behind.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly Process _process;
    private readonly string _directory;
    private readonly ConcurrentQueue<string> _output;

    private ServerProcess(Process process, string directory, ConcurrentQueue<string> output, Uri baseUrl, string token)
    {
        _process = process;
        _directory = directory;
        _output = output;
        BaseUrl = baseUrl;
        Token = token;
    }

    public Uri BaseUrl { get; }

    public string Token { get; }

    public string ViewerUrl => $"{BaseUrl}?token={Uri.EscapeDataString(Token)}";

    public Uri WhepUrl => new(BaseUrl, "/whep");

    public int ProcessId => _process.Id;

    /// <summary>The server's control socket (<c>wlwebrtc status</c>, and <c>/metrics</c> without a token).</summary>
    public string ControlSocket => Path.Combine(_directory, "control.sock");

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once the server has exited (134 is an abort), else null.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Everything the server printed so far (the log).</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>What <c>wlwebrtc status --json</c> prints for this server (through its control socket).</summary>
    public async Task<string> StatusJsonAsync()
    {
        var host = Path.Combine(RepositoryRoot(), "host", "bin", Configuration, "net10.0", "wlwebrtc.dll");
        var start = new ProcessStartInfo("dotnet", [host, "status", "--json", "--control-socket", ControlSocket]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return await stdout + await stderr;
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "WlWebRtc.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"WlWebRtc.sln not found above {AppContext.BaseDirectory}");
    }

    public static async Task<ServerProcess> StartAsync(ServerLaunch launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var host = Path.Combine(RepositoryRoot(), "host", "bin", Configuration, "net10.0", "wlwebrtc.dll");
        if (!File.Exists(host))
        {
            throw new InvalidOperationException($"The server is not built at {host}: run 'dotnet build host'.");
        }

        var directory = Directory.CreateTempSubdirectory("wlwebrtc-e2e-").FullName;
        var config = Path.Combine(directory, "config.toml");
        await File.WriteAllTextAsync(config, $"""
            [server]
            control_socket = "{Path.Combine(directory, "control.sock")}"

            {launch.ExtraConfig}
            """);
        var port = launch.Port ?? FreePorts.Tcp();
        var command = launch.CommandPrefix.Count > 0 ? launch.CommandPrefix : ["dotnet"];
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in command.Skip(1).Concat(launch.CommandPrefix.Count > 0 ? ["dotnet"] : []))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in new[] { host, "start", "--capture", launch.Capture, "--encoder", launch.Encoder, "--listen", $"{launch.ListenAddress}:{port}", "--token", launch.Token, "--config", config, "--log-level", launch.LogLevel })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in launch.Environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        // WLWEBRTC_* variables are configuration overrides for the server: keep the test runner's own out.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("WLWEBRTC_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        var output = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, directory, output, new Uri($"{(launch.Https ? "https" : "http")}://{launch.ReachableHost ?? launch.ListenAddress}:{port}/"), launch.Token);
        try
        {
            await server.WaitUntilServingAsync(launch.StartTimeout);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Sends SIGTERM and waits for a graceful exit; returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (Kill(_process.Id, 15) != 0)
        {
            throw new InvalidOperationException($"kill(SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await _process.WaitForExitAsync(cancel.Token);
            }
        }
        catch (InvalidOperationException)
        {
        }
        catch (OperationCanceledException)
        {
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitUntilServingAsync(TimeSpan timeout)
    {
        using var handler = new HttpClientHandler();
        if (BaseUrl.Scheme == Uri.UriSchemeHttps)
        {
            handler.ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator;
        }

        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode} before serving:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(BaseUrl);
                if (response.StatusCode == HttpStatusCode.OK && Output.Contains("Serving viewers", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The server did not serve within {timeout.TotalSeconds} s:\n{Output}");
    }

#pragma warning disable SYSLIB1054 // This project does not allow unsafe code, which LibraryImport's generated code needs.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
