using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using WlWebRtc.Host.Configuration;
using WlWebRtc.Host.Server;
using WlWebRtc.Testing.Server;

namespace WlWebRtc.Host.Tests.Server;

/// <summary>Slow-loris clients against the host's Kestrel limits.</summary>
public sealed class HttpServerLimitsTests : IAsyncLifetime
{
    private static readonly HttpLimits Limits = HttpLimits.Default with { MaxConnections = 4, RequestHeadersTimeout = TimeSpan.FromSeconds(2) };
    private readonly List<TcpClient> _clients = [];
    private LoopbackKestrel? _server;

    public async Task InitializeAsync() =>
        _server = await LoopbackKestrel.StartAsync(endpoints => endpoints.MapGet("/", () => Results.Text("ok")), limits => HttpServerLimits.Apply(limits, Limits));

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A client that starts a request and never finishes its headers.</summary>
    private async Task<NetworkStream> SlowLorisAsync()
    {
        var client = new TcpClient();
        _clients.Add(client);
        await client.ConnectAsync(_server!.EndPoint);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: "));
        }
        catch (IOException)
        {
            // already closed by the server: what the test checks next
        }

        return stream;
    }

    /// <summary>Whether the server closes the connection within <paramref name="timeout"/> (keeps trickling header bytes meanwhile).</summary>
    private static async Task<bool> ClosedByServerAsync(NetworkStream stream, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        var read = stream.ReadAsync(buffer, cancel.Token).AsTask();
        while (!read.IsCompleted)
        {
            try
            {
                await stream.WriteAsync("a"u8.ToArray(), cancel.Token);
                await Task.WhenAny(read, Task.Delay(300, CancellationToken.None));
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException)
            {
                break;
            }
        }

        try
        {
            // Closed: end of stream, or a response (408/400) followed by the end; not closed: the read is cancelled.
            while (await read > 0)
            {
                read = stream.ReadAsync(buffer, cancel.Token).AsTask();
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [Fact]
    public async Task Connect_SlowLorisBeyondTheCap_RefusedAndARealRequestIsServedAfterTheHeaderTimeout()
    {
        var holding = new List<NetworkStream>();
        for (var i = 0; i < Limits.MaxConnections; i++)
        {
            holding.Add(await SlowLorisAsync());
        }

        // Connections beyond the cap are closed at once instead of piling up.
        var beyond = await SlowLorisAsync();
        Assert.True(await ClosedByServerAsync(beyond, TimeSpan.FromSeconds(10)), "a connection beyond server.max_connections was kept open");

        // The ones holding the cap are closed once their headers are late ...
        foreach (var stream in holding)
        {
            Assert.True(await ClosedByServerAsync(stream, TimeSpan.FromSeconds(30)), "a slow-loris connection outlived server.request_headers_timeout_seconds");
        }

        // ... so a real viewer's request is served.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Assert.Equal("ok", await http.GetStringAsync(_server!.Address));
    }

    [Fact]
    public void Apply_Defaults_SetsEveryLimit()
    {
        var limits = new Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerLimits();
        HttpServerLimits.Apply(limits, HttpLimits.Default);
        Assert.Equal(HttpLimits.Default.MaxConnections, limits.MaxConcurrentConnections);
        Assert.Equal(HttpLimits.Default.MaxUpgradedConnections, limits.MaxConcurrentUpgradedConnections);
        Assert.Equal(HttpLimits.Default.RequestHeadersTimeout, limits.RequestHeadersTimeout);
        Assert.Equal(HttpLimits.Default.KeepAliveTimeout, limits.KeepAliveTimeout);
        Assert.Equal(HttpLimits.Default.MinRequestBodyBytesPerSecond, limits.MinRequestBodyDataRate!.BytesPerSecond);
    }
}
