using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using WlWebRtc.Hostile.Tests.Support;
using Xunit.Abstractions;

namespace WlWebRtc.Hostile.Tests;

/// <summary>Plain HTTP and WebSocket clients without a valid token, and a stop with viewers of every kind connected.</summary>
[Trait("Category", "Hostile")]
public sealed class SignalingAttackTests(ITestOutputHelper output)
{
    private static readonly TimeSpan FrameTimeout = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task WebSocket_32UnauthenticatedSocketsHeld_RealViewerStillConnects()
    {
        await using var server = await HostileServer.StartAsync();
        var held = new List<WebSocketSignaling>();
        try
        {
            // Issue 11's case: one client without a token holds 32 sockets (they have 10 s to authenticate).
            var attackerRefused = 0;
            for (var i = 0; i < 32; i++)
            {
                try
                {
                    held.Add(await WebSocketSignaling.ConnectAsync(server.Process.BaseUrl, IPAddress.Parse("127.0.0.2")));
                }
                catch (WebSocketException)
                {
                    attackerRefused++;
                }
            }

            // Viewers from their own address that authenticate in the first message, as the built-in viewer does.
            var (refused, firstRefusal) = await TryAuthenticatingViewersAsync(server, 4);
            output.WriteLine($"one address: {held.Count} attacker sockets held ({attackerRefused} refused); {refused} of 4 viewers authenticating in the first message refused ({firstRefusal})");
            Assert.Equal(0, refused);

            // The same from 8 more addresses: the server-wide cap on waiting sockets is full, so each new socket evicts
            // the longest-waiting one; a viewer that authenticates in the first message still gets through.
            for (var i = 0; i < 32; i++)
            {
                try
                {
                    held.Add(await WebSocketSignaling.ConnectAsync(server.Process.BaseUrl, IPAddress.Parse($"127.0.0.{3 + (i % 8)}")));
                }
                catch (WebSocketException)
                {
                    attackerRefused++;
                }
            }

            (refused, firstRefusal) = await TryAuthenticatingViewersAsync(server, 4);
            output.WriteLine($"nine addresses: {held.Count} attacker sockets held ({attackerRefused} refused); {refused} of 4 viewers authenticating in the first message refused ({firstRefusal})");
            Assert.Equal(0, refused);

            // A viewer with its token on the upgrade request takes no waiting slot: it must get through and play.
            await using var peer = await PythonPeer.StartAsync();
            await using var signaling = await WebSocketSignaling.ConnectAsync(server.Process.BaseUrl, bearerToken: HostileServer.Token);
            var answer = await signaling.NegotiateAsync(HostileServer.Token, peer.Offer);
            Assert.True((await peer.AnswerAsync(answer)).Applied);
            var stats = await peer.WaitForFramesAsync(20, FrameTimeout);
            output.WriteLine($"the viewer with a bearer token decoded {stats.Frames} frames; {held.Count(h => h.State == WebSocketState.Open)} unauthenticated sockets still open");
            server.AssertAlive();
        }
        finally
        {
            foreach (var socket in held)
            {
                await socket.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Stop_WebSocketAndWhepViewersConnected_ExitsZeroWithinBound()
    {
        await using var server = await HostileServer.StartAsync();
        var (whepViewer, _) = await server.JoinWhepViewerAsync();
        await using var whepPeer = whepViewer;
        await using var wsPeer = await PythonPeer.StartAsync();
        await using var signaling = await WebSocketSignaling.ConnectAsync(server.Process.BaseUrl);
        Assert.True((await wsPeer.AnswerAsync(await signaling.NegotiateAsync(HostileServer.Token, wsPeer.Offer))).Applied);
        await whepViewer.WaitForFramesAsync(20, FrameTimeout);
        await wsPeer.WaitForFramesAsync(20, FrameTimeout);

        var stopping = Stopwatch.StartNew();
        int exitCode;
        try
        {
            exitCode = await server.Process.TerminateAsync(TimeSpan.FromSeconds(40));
        }
        catch (OperationCanceledException)
        {
            exitCode = -1;
        }

        output.WriteLine($"SIGTERM -> exit {exitCode} after {stopping.Elapsed.TotalMilliseconds:0} ms");
        Assert.Equal(0, exitCode);

        // The issue asks for 2 s; a loaded CI machine gets some slack.
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"the server took {stopping.Elapsed.TotalSeconds:0.0} s to stop");
    }

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/whep")]
    [InlineData("/ws")]
    public async Task WrongToken_RepeatedGuesses_429AfterAFew(string endpoint)
    {
        await using var server = await HostileServer.StartAsync();
        var statuses = new List<int>();

        // 20 guesses at 4 a second: below every per-address request rate, so only a limit on failed authentication answers 429.
        for (var i = 0; i < 20; i++)
        {
            var guess = $"guess-{i:D4}-0123456789abcdef0123";
            statuses.Add(endpoint switch
            {
                "/whep" => (await server.PostOfferAsync("v=0\r\n", guess)).Status,
                "/ws" => await WebSocketUpgradeStatusAsync(server.Process.BaseUrl, guess),
                _ => await server.GetStatusAsync(endpoint, guess),
            });
            await Task.Delay(250);
        }

        output.WriteLine($"{endpoint}: {string.Join(' ', statuses)}");
        server.AssertAlive();
        if (endpoint == "/metrics" && statuses.All(s => s == 404))
        {
            return; // not served on the network listener at all (no metrics token configured): nothing to guess
        }

        Assert.All(statuses, s => Assert.True(s is 401 or 429, $"a wrong token got {s}"));
        var firstLimited = statuses.IndexOf(429);
        Assert.True(firstLimited is >= 0 and <= 10, $"no 429 within the first 10 wrong guesses on {endpoint}: {string.Join(' ', statuses)}");

        // Backoff may let a guess through now and then; unlimited, every one of the 20 would have been checked.
        Assert.True(statuses.Count(s => s == 401) <= 10, $"{statuses.Count(s => s == 401)} of 20 guesses were checked on {endpoint}: {string.Join(' ', statuses)}");
    }

    private static async Task<(int Refused, string? FirstRefusal)> TryAuthenticatingViewersAsync(HostileServer server, int attempts)
    {
        var refused = 0;
        string? firstRefusal = null;
        for (var i = 0; i < attempts; i++)
        {
            try
            {
                await using var attempt = await WebSocketSignaling.ConnectAsync(server.Process.BaseUrl);
                await attempt.AuthenticateAsync(HostileServer.Token);
                await attempt.CloseAsync();
            }
            catch (Exception ex) when (ex is WebSocketException or InvalidOperationException)
            {
                refused++;
                firstRefusal ??= ex.Message;
            }
        }

        return (refused, firstRefusal);
    }

    private static async Task<int> WebSocketUpgradeStatusAsync(Uri baseUrl, string token)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        try
        {
            await socket.ConnectAsync(new Uri($"ws://{baseUrl.Authority}/ws"), CancellationToken.None);
            return (int)HttpStatusCode.SwitchingProtocols;
        }
        catch (WebSocketException)
        {
            return (int)socket.HttpStatusCode;
        }
    }
}
