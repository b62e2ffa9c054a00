using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using WlWebRtc.Signaling.Tests.Infrastructure;
using WlWebRtc.Signaling.WebSocket.Plugin;
using WlWebRtc.Signaling.WebSocket.Session;
using WlWebRtc.Testing;
using WlWebRtc.Transport;

namespace WlWebRtc.Signaling.Tests.WebSocket;

public sealed class SignalingSessionTests
{
    private const string Offer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
    private readonly IViewerGateway _gateway = Substitute.For<IViewerGateway>();
    private readonly ManualTimeProvider _time = new();
    private readonly FakeChannel _channel = new();
    private SessionEnvironment _environment;

    public SignalingSessionTests()
    {
        _environment = new SessionEnvironment(WebSocketSignalingOptions.Default, _gateway, _time, NullLogger.Instance);
        _gateway.Authenticate("good").Returns(new ViewerAccess(ViewerRole.View));
        _gateway.AuthenticationGuard.Returns(new SharedGuard(_time));
    }

    private Task Start(ViewerAccess? access = null, FakeChannel? channel = null) =>
        new SignalingSession(channel ?? _channel, _environment, "127.0.0.1", access).RunAsync(CancellationToken.None);

    private FakeViewer ConnectsAs(string id, ViewerRole role = ViewerRole.View)
    {
        var viewer = new FakeViewer(id, role);
        _gateway.ConnectAsync(Arg.Any<SessionDescription>(), Arg.Any<ViewerAccess>(), Arg.Any<CancellationToken>()).Returns(new ValueTask<IViewerConnection>(viewer));
        return viewer;
    }

    [Fact]
    public async Task RunAsync_TokenInFirstMessage_SendsReadyAndViewerCount()
    {
        var run = Start();
        Assert.False((await _channel.NextOfTypeAsync("hello")).GetProperty("authenticated").GetBoolean());
        _channel.Send("""{"type":"auth","token":"good"}""");
        await _channel.NextOfTypeAsync("ready");
        Assert.Equal(0, (await _channel.NextOfTypeAsync("viewers")).GetProperty("count").GetInt32());
        _channel.Disconnect();
        await run;
    }

    [Fact]
    public async Task RunAsync_GatewayHasIceServers_ReadyCarriesThemWithMintedCredentials()
    {
        _gateway.GetIceServers().Returns([
            new IceServer(["stun:stun.example.org"]),
            new IceServer(["turn:turn.example.org:3478?transport=udp"], "1700000000:viewer", "bWludGVk"),
        ]);
        var run = Start();
        _channel.Send("""{"type":"auth","token":"good"}""");
        var servers = (await _channel.NextOfTypeAsync("ready")).GetProperty("iceServers");
        Assert.Equal(2, servers.GetArrayLength());
        Assert.Equal("stun:stun.example.org", servers[0].GetProperty("urls")[0].GetString());
        Assert.False(servers[0].TryGetProperty("username", out _));
        Assert.Equal("turn:turn.example.org:3478?transport=udp", servers[1].GetProperty("urls")[0].GetString());
        Assert.Equal("1700000000:viewer", servers[1].GetProperty("username").GetString());
        Assert.Equal("bWludGVk", servers[1].GetProperty("credential").GetString());
        _channel.Disconnect();
        await run;
    }

    [Fact]
    public async Task RunAsync_WrongTokenInFirstMessage_SendsUnauthorizedAndCloses4401()
    {
        var run = Start();
        _channel.Send("""{"type":"auth","token":"bad"}""");
        var error = await _channel.NextOfTypeAsync("error");
        Assert.Equal("unauthorized", error.GetProperty("code").GetString());
        await run;
        Assert.Equal(CloseCodes.Unauthorized, _channel.CloseCode);
        await _gateway.DidNotReceiveWithAnyArgs().ConnectAsync(default!, default!, default);
    }

    [Fact]
    public async Task RunAsync_OfferBeforeAuth_RefusedWithoutConnecting()
    {
        var run = Start();
        _channel.Send($$"""{"type":"offer","sdp":"{{Offer.Replace("\r\n", "\\r\\n", StringComparison.Ordinal)}}"}""");
        Assert.Equal("unauthorized", (await _channel.NextOfTypeAsync("error")).GetProperty("code").GetString());
        await run;
        await _gateway.DidNotReceiveWithAnyArgs().ConnectAsync(default!, default!, default);
    }

    [Fact]
    public async Task RunAsync_NoAuthWithinTimeout_Refused()
    {
        _environment = new SessionEnvironment(WebSocketSignalingOptions.Default with { AuthTimeout = TimeSpan.FromMilliseconds(50) }, _gateway, TimeProvider.System, NullLogger.Instance);
        var run = Start();
        Assert.Equal("unauthorized", (await _channel.NextOfTypeAsync("error")).GetProperty("code").GetString());
        await run;
        Assert.Equal(CloseCodes.Unauthorized, _channel.CloseCode);
    }

    [Fact]
    public async Task RunAsync_Offer_SendsAnswerThenRole()
    {
        var viewer = ConnectsAs("v1", ViewerRole.Control);
        var run = Start(new ViewerAccess(ViewerRole.View));
        _channel.Send("""{"type":"offer","sdp":"v=0\r\n"}""");
        var answer = await _channel.NextOfTypeAsync("answer");
        Assert.Equal("v1", answer.GetProperty("id").GetString());
        Assert.Equal(viewer.Answer.Sdp, answer.GetProperty("sdp").GetString());
        Assert.Equal("control", (await _channel.NextAsync()).GetProperty("role").GetString());
        await _gateway.Received(1).ConnectAsync(Arg.Is<SessionDescription>(d => d.Type == SdpType.Offer && d.Sdp == "v=0\r\n"), Arg.Any<ViewerAccess>(), Arg.Any<CancellationToken>());
        _channel.Disconnect();
        await run;
    }

    [Fact]
    public async Task RunAsync_MalformedOffer_SendsBadOfferWithReasonAndKeepsServing()
    {
        _gateway.ConnectAsync(Arg.Any<SessionDescription>(), Arg.Any<ViewerAccess>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new SessionDescriptionException("line 1: expected v=0"));
        var run = Start(new ViewerAccess(ViewerRole.View));
        _channel.Send("""{"type":"offer","sdp":"garbage"}""");
        var error = await _channel.NextOfTypeAsync("error");
        Assert.Equal("bad-offer", error.GetProperty("code").GetString());
        Assert.Contains("expected v=0", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        _channel.Send("""{"type":"ping","id":7}""");
        Assert.Equal(7, (await _channel.NextOfTypeAsync("pong")).GetProperty("id").GetInt64());
        _channel.Disconnect();
        await run;
    }

    [Fact]
    public async Task RunAsync_OfferWithNoUsableVideoCodec_BadOfferNamingWhyAndNoViewerHeld()
    {
        const string Reason = "no usable video codec: the offer has no H.264 with packetization-mode=1";
        _gateway.ConnectAsync(Arg.Any<SessionDescription>(), Arg.Any<ViewerAccess>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new SessionDescriptionException(Reason));
        var run = Start(new ViewerAccess(ViewerRole.View));
        _channel.Send("""{"type":"offer","sdp":"v=0"}""");
        var error = await _channel.NextOfTypeAsync("error");
        Assert.Equal("bad-offer", error.GetProperty("code").GetString());
        Assert.Contains(Reason, error.GetProperty("message").GetString(), StringComparison.Ordinal);

        // No viewer was created, so candidates have nowhere to go; a good offer afterwards starts one.
        _channel.Send("""{"type":"candidate","candidate":"candidate:1 1 udp 1 127.0.0.1 9 typ host"}""");
        Assert.Equal("no-session", (await _channel.NextOfTypeAsync("error")).GetProperty("code").GetString());
        var viewer = ConnectsAs("v2");
        _channel.Send("""{"type":"offer","sdp":"v=0"}""");
        Assert.Equal("v2", (await _channel.NextOfTypeAsync("answer")).GetProperty("id").GetString());
        _channel.Disconnect();
        await run;
        Assert.Equal(1, viewer.CloseCalls);
    }

    [Fact]
    public async Task RunAsync_ServerFull_SendsServerFull()
    {
        _gateway.ConnectAsync(Arg.Any<SessionDescription>(), Arg.Any<ViewerAccess>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new ViewerLimitException("8 viewers"));
        var run = Start(new ViewerAccess(ViewerRole.View));
        _channel.Send("""{"type":"offer","sdp":"v=0"}""");
        Assert.Equal("server-full", (await _channel.NextOfTypeAsync("error")).GetProperty("code").GetString());
        _channel.Disconnect();
        await run;
    }

    [Fact]
    public async Task RunAsync_CandidateBeforeOffer_SendsNoSession()
    {
        var run = Start(new ViewerAccess(ViewerRole.View));
        _channel.Send("""{"type":"candidate","candidate":"candidate:1 1 udp 1 127.0.0.1 5000 typ host","sdpMid":"0","sdpMLineIndex":0}""");
        Assert.Equal("no-session", (await _channel.NextOfTypeAsync("error")).GetProperty("code").GetString());
        _channel.Disconnect();
        await run;
    }

    [Fact]
    public async Task RunAsync_CandidatesAfterOffer_ForwardedToViewerInOrder()
    {
        var viewer = ConnectsAs("v1");
        var run = Start(new ViewerAccess(ViewerRole.View));
        _channel.Send("""{"type":"offer","sdp":"v=0"}""");
        _channel.Send("""{"type":"candidate","candidate":"candidate:1 1 udp 1 127.0.0.1 5000 typ host","sdpMid":"0","sdpMLineIndex":0}""");
        _channel.Send("""{"type":"end-of-candidates"}""");
        _channel.Send("""{"type":"ping","id":1}""");
        await _channel.NextOfTypeAsync("pong");
        Assert.Equal(2, viewer.Candidates.Count);
        Assert.Equal(new IceCandidate("candidate:1 1 udp 1 127.0.0.1 5000 typ host", "0", 0), viewer.Candidates[0]);
        Assert.Null(viewer.Candidates[1]);
        _channel.Disconnect();
        await run;
    }

    [Fact]
    public async Task RunAsync_TooLargeMessage_SendsTooLargeAndKeepsServing()
    {
        var run = Start(new ViewerAccess(ViewerRole.View));
        _channel.SendRaw(new ChannelMessage(ChannelMessageKind.TooLarge, ReadOnlyMemory<byte>.Empty, 1_000_000));
        var error = await _channel.NextOfTypeAsync("error");
        Assert.Equal("too-large", error.GetProperty("code").GetString());
        Assert.Contains("1000000", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        _channel.Send("""{"type":"ping","id":2}""");
        await _channel.NextOfTypeAsync("pong");
        _channel.Disconnect();
        await run;
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"type":"dance"}""")]
    [InlineData("""{"sdp":"v=0"}""")]
    [InlineData("""{"type":"offer"}""")]
    public async Task RunAsync_MalformedMessage_SendsBadMessageAndKeepsServing(string message)
    {
        var run = Start(new ViewerAccess(ViewerRole.View));
        _channel.Send(message);
        Assert.Equal("bad-message", (await _channel.NextOfTypeAsync("error")).GetProperty("code").GetString());
        _channel.Send("""{"type":"ping","id":3}""");
        await _channel.NextOfTypeAsync("pong");
        _channel.Disconnect();
        await run;
    }

    [Fact]
    public async Task RunAsync_Flood_OneRateLimitedErrorAndExcessDropped()
    {
        var run = Start(new ViewerAccess(ViewerRole.View));
        var burst = WebSocketSignalingOptions.Default.Burst;
        for (var i = 0; i < burst + 10; i++)
        {
            _channel.Send($$"""{"type":"ping","id":{{i}}}""");
        }

        // Let the session take every queued message before the clock moves (the bucket refills only with time).
        while (_channel.Pending > 0)
        {
            await Task.Delay(10);
        }

        await Task.Delay(100);
        _time.Advance(TimeSpan.FromSeconds(10));
        _channel.Send("""{"type":"ping","id":-1}""");
        var pongs = new List<long>();
        var errors = 0;
        while (true)
        {
            var message = await _channel.NextAsync();
            var type = message.GetProperty("type").GetString();
            if (type == "error")
            {
                Assert.Equal("rate-limited", message.GetProperty("code").GetString());
                errors++;
            }
            else if (type == "pong")
            {
                pongs.Add(message.GetProperty("id").GetInt64());
                if (pongs[^1] == -1)
                {
                    break;
                }
            }
        }

        // The burst passes, the ten beyond it are dropped with one error, and after a pause messages pass again.
        Assert.Equal(burst + 1, pongs.Count);
        Assert.Equal(1, errors);
        _channel.Disconnect();
        await run;
    }

    [Fact]
    public async Task RunAsync_SocketCloses_ClosesViewer()
    {
        var viewer = ConnectsAs("v1");
        var run = Start(new ViewerAccess(ViewerRole.View));
        _channel.Send("""{"type":"offer","sdp":"v=0"}""");
        await _channel.NextOfTypeAsync("answer");
        _channel.Disconnect();
        await run;
        Assert.Equal(1, viewer.CloseCalls);
        Assert.True(viewer.Closed.IsCancellationRequested);
    }

    [Fact]
    public async Task RunAsync_ViewerEndedByServer_SendsClosed()
    {
        var viewer = ConnectsAs("v1");
        var run = Start(new ViewerAccess(ViewerRole.View));
        _channel.Send("""{"type":"offer","sdp":"v=0"}""");
        await _channel.NextOfTypeAsync("role");
        viewer.EndFromServer();
        Assert.Equal("ended", (await _channel.NextOfTypeAsync("closed")).GetProperty("reason").GetString());
        _channel.Disconnect();
        await run;
        Assert.Equal(0, viewer.CloseCalls);
    }

    [Fact]
    public async Task RunAsync_GatewayCountChanges_EveryAuthenticatedSessionToldServerWideCount()
    {
        _gateway.ViewerCount.Returns(2);
        var first = Start(new ViewerAccess(ViewerRole.View));
        Assert.Equal(2, (await _channel.NextOfTypeAsync("viewers")).GetProperty("count").GetInt32());
        var other = new FakeChannel();
        var second = Start(new ViewerAccess(ViewerRole.View), other);
        await other.NextOfTypeAsync("viewers");

        // A viewer joined through another plugin (e.g. a WHEP player): both WebSocket sessions hear of it.
        _gateway.ViewerCountChanged += Raise.Event<EventHandler<int>>(_gateway, 3);
        Assert.Equal(3, (await _channel.NextOfTypeAsync("viewers")).GetProperty("count").GetInt32());
        Assert.Equal(3, (await other.NextOfTypeAsync("viewers")).GetProperty("count").GetInt32());

        other.Disconnect();
        await second;
        _gateway.ViewerCountChanged += Raise.Event<EventHandler<int>>(_gateway, 1);
        Assert.Equal(1, (await _channel.NextOfTypeAsync("viewers")).GetProperty("count").GetInt32());
        _channel.Disconnect();
        await first;
    }

    [Fact]
    public async Task RunAsync_Bye_ClosesViewerAndKeepsSocket()
    {
        var viewer = ConnectsAs("v1");
        var run = Start(new ViewerAccess(ViewerRole.View));
        _channel.Send("""{"type":"offer","sdp":"v=0"}""");
        await _channel.NextOfTypeAsync("answer");
        _channel.Send("""{"type":"bye"}""");
        Assert.Equal("bye", (await _channel.NextOfTypeAsync("closed")).GetProperty("reason").GetString());
        Assert.Equal(1, viewer.CloseCalls);
        _channel.Send("""{"type":"ping","id":4}""");
        await _channel.NextOfTypeAsync("pong");
        _channel.Disconnect();
        await run;
    }

    [Fact]
    public async Task RunAsync_TransportAsksForIceRestart_SendsIceRestartNeededUntilTheSessionEnds()
    {
        var viewer = ConnectsAs("v1");
        var requester = new RestartRequestingTransport();
        viewer.IceRestart = requester;
        var run = Start(new ViewerAccess(ViewerRole.View));
        _channel.Send("""{"type":"offer","sdp":"v=0"}""");
        await _channel.NextOfTypeAsync("answer");

        requester.Request(); // the server's addresses changed
        await _channel.NextOfTypeAsync("ice-restart-needed");

        _channel.Send("""{"type":"bye"}""");
        await _channel.NextOfTypeAsync("closed");
        Assert.Equal(0, requester.Subscribers); // the ended session no longer asks
        _channel.Disconnect();
        await run;
    }

    /// <summary>A session that can restart ICE and asks for it (the WebRTC session when its addresses change).</summary>
    private sealed class RestartRequestingTransport : IIceRestartable, IIceRestartRequester
    {
        private readonly List<Action> _handlers = [];

        public int Subscribers
        {
            get
            {
                lock (_handlers)
                {
                    return _handlers.Count;
                }
            }
        }

        public void Request()
        {
            Action[] handlers;
            lock (_handlers)
            {
                handlers = [.. _handlers];
            }

            foreach (var handler in handlers)
            {
                handler();
            }
        }

        public IDisposable SubscribeIceRestartRequests(Action handler)
        {
            lock (_handlers)
            {
                _handlers.Add(handler);
            }

            return new Unsubscribe(() =>
            {
                lock (_handlers)
                {
                    _handlers.Remove(handler);
                }
            });
        }

        public ValueTask<SessionDescription> RestartIceAsync(SessionDescription offer, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<IceParameters> RestartIceAsync(IceParameters remote, CancellationToken cancellationToken) => throw new NotSupportedException();

        private sealed class Unsubscribe(Action action) : IDisposable
        {
            public void Dispose() => action();
        }
    }
}
