using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace WlWebRtc.Signaling.Tests.EndToEnd;

/// <summary>
/// The real server (<c>wlwebrtc start</c>, as built with its plugin layout) with the test pattern and x264 on a free
/// loopback port. Disposing kills it if it still runs, so a failing test never leaves it behind.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    public const string Token = "e2e-token-0123456789abcdef";
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly Process _process;
    private readonly string _directory;
    private readonly ConcurrentQueue<string> _output;

    private ServerProcess(Process process, string directory, ConcurrentQueue<string> output, Uri baseUrl)
    {
        _process = process;
        _directory = directory;
        _output = output;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public string ViewerUrl => $"{BaseUrl}?token={Uri.EscapeDataString(Token)}";

    public Uri WhepUrl => new(BaseUrl, "/whep");

    public int ProcessId => _process.Id;

    public string Output => string.Join('\n', _output);

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

    public static async Task<ServerProcess> StartAsync(int width = 1280, int height = 720, int fps = 30, string extraConfig = "")
    {
        var host = Path.Combine(RepositoryRoot(), "host", "bin", Configuration, "net10.0", "wlwebrtc.dll");
        if (!File.Exists(host))
        {
            throw new InvalidOperationException($"The server is not built at {host}: run 'dotnet build host' (the test project builds it unless -p:SkipHostBuild=true).");
        }

        var directory = Directory.CreateTempSubdirectory("wlwebrtc-e2e-").FullName;
        var config = Path.Combine(directory, "config.toml");
        await File.WriteAllTextAsync(config, $"""
            [server]
            control_socket = "{Path.Combine(directory, "control.sock")}"

            [capture.testpattern]
            width = {width}
            height = {height}
            fps = {fps}

            [capture]
            max_fps = {Math.Max(fps, 30)}
            {extraConfig}
            """);
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { host, "start", "--capture", "testpattern", "--encoder", "x264", "--listen", $"127.0.0.1:{port}", "--token", Token, "--config", config })
        {
            start.ArgumentList.Add(argument);
        }

        var output = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, directory, output, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await server.WaitUntilServingAsync(TimeSpan.FromSeconds(90));
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
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
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
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
