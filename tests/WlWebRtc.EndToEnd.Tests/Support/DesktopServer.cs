using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.EndToEnd.Tests.Support;

/// <summary>
/// The real server (<c>wlwebrtc start</c>, built with its plugin layout) run inside the headless desktop's
/// environment with the portal capture, x264 and automatic input, on a free loopback port. Disposing kills it
/// (and anything it started) if it still runs, so a failing test never leaves it behind.
/// </summary>
internal sealed class DesktopServer : IAsyncDisposable
{
    public const string Token = "e2e-desktop-token-0123456789";
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly Process _process;
    private readonly string _directory;
    private readonly ConcurrentQueue<string> _output;

    private DesktopServer(Process process, string directory, ConcurrentQueue<string> output, Uri baseUrl)
    {
        _process = process;
        _directory = directory;
        _output = output;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public string ViewerUrl => $"{BaseUrl}?token={Uri.EscapeDataString(Token)}";

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

    public static async Task<DesktopServer> StartAsync(HeadlessDesktop desktop)
    {
        var host = Path.Combine(RepositoryRoot(), "host", "bin", Configuration, "net10.0", "wlwebrtc.dll");
        if (!File.Exists(host))
        {
            throw new InvalidOperationException($"The server is not built at {host}: run 'dotnet build host'.");
        }

        var directory = Directory.CreateTempSubdirectory("wlwebrtc-e2e-desktop-").FullName;
        var config = Path.Combine(directory, "config.toml");
        await File.WriteAllTextAsync(config, $"""
            [server]
            control_socket = "{Path.Combine(directory, "control.sock")}"

            [capture]
            max_fps = 30

            [capture.portal]
            persist_restore_token = false

            [input]
            plugin = "auto"
            """);
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in desktop.Environment)
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

        foreach (var argument in new[] { host, "start", "--capture", "portal", "--encoder", "x264", "--listen", $"127.0.0.1:{port}", "--token", Token, "--config", config, "--log-level", "debug" })
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
        var server = new DesktopServer(process, directory, output, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await server.WaitUntilServingAsync(TimeSpan.FromSeconds(120));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
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
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
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
}
