using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using WlWebRtc.Testing.Server;

namespace WlWebRtc.Hostile.Tests.Support;

/// <summary>
/// The real server (test pattern, x264) for one hostile test, with the clients an attacker and a viewer use:
/// WHEP over HTTP, <c>/metrics</c> over the control socket, and the process's figures from /proc.
/// </summary>
internal sealed class HostileServer : IAsyncDisposable
{
    public const string Token = "hostile-viewer-token-0123456789abcdef";

    // Small frames: the aiortc viewers decode every one of them on a machine the tests share.
    public const int Width = 896;
    public const int Height = 256;
    public const int Fps = 30;

    private readonly HttpClient _http;
    private readonly HttpClient _control;

    private HostileServer(ServerProcess process)
    {
        Process = process;
        _http = new HttpClient { BaseAddress = process.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancel) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(process.ControlSocket), cancel);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        _control = new HttpClient(handler) { BaseAddress = new Uri("http://localhost/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public ServerProcess Process { get; }

    public ProcessFigures Figures => ProcessFigures.Read(Process.ProcessId);

    public static async Task<HostileServer> StartAsync(string extraConfig = "", string logLevel = "information")
    {
        var process = await ServerProcess.StartAsync(new ServerLaunch("testpattern", Token, $"""
            [capture.testpattern]
            width = {Width}
            height = {Height}
            fps = {Fps}

            [capture]
            max_fps = {Fps}

            [encoder]
            bitrate = 1_500_000
            {extraConfig}
            """) { LogLevel = logLevel });
        return new HostileServer(process);
    }

    /// <summary>POST /whep with <paramref name="offer"/>.</summary>
    public async Task<WhepReply> PostOfferAsync(string offer, string? token = Token, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/whep") { Content = new StringContent(offer, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        return new WhepReply((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken), response.Headers.Location?.ToString());
    }

    /// <summary>DELETE the WHEP session at <paramref name="location"/>; the status code.</summary>
    public async Task<int> DeleteAsync(string location, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, location);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await _http.SendAsync(request, cancellationToken);
        return (int)response.StatusCode;
    }

    /// <summary>A GET on the network listener with <paramref name="token"/> as the bearer token; the status code.</summary>
    public async Task<int> GetStatusAsync(string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _http.SendAsync(request);
        return (int)response.StatusCode;
    }

    /// <summary>One counter or gauge from <c>/metrics</c>, read over the control socket.</summary>
    public async Task<double> MetricAsync(string name)
    {
        var text = await _control.GetStringAsync("/metrics");
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(name + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"/metrics has no {name}:\n{text}");
    }

    /// <summary>Fails with the server's log when the process has died.</summary>
    public void AssertAlive()
    {
        if (Process.ExitCode is { } code)
        {
            var log = Process.Output;
            Assert.Fail($"the server exited with code {code}; log tail:\n{(log.Length > 6000 ? log[^6000..] : log)}");
        }
    }

    public string LogTail(int characters = 4000)
    {
        var log = Process.Output;
        return log.Length > characters ? log[^characters..] : log;
    }

    /// <summary>A viewer that negotiates through WHEP and keeps playing; the caller disposes it.</summary>
    public async Task<(PythonPeer Peer, string Location)> JoinWhepViewerAsync()
    {
        var peer = await PythonPeer.StartAsync();
        try
        {
            var reply = await PostOfferAsync(peer.Offer);
            Assert.True(reply.Status == (int)HttpStatusCode.Created, $"the viewer's POST /whep got {reply.Status}: {reply.Body}");
            var (applied, error) = await peer.AnswerAsync(reply.Body);
            Assert.True(applied, "aiortc refused the server's answer: " + error);
            return (peer, reply.Location!);
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        _control.Dispose();
        await Process.DisposeAsync();
    }
}

/// <summary>A WHEP reply: status, body (the answer, or the reason for a refusal) and the session's location.</summary>
internal sealed record WhepReply(int Status, string Body, string? Location);
