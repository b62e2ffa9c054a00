using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using WlWebRtc.Host.Configuration;
using WlWebRtc.Host.Server;
using WlWebRtc.Host.Streaming;
using WlWebRtc.Signaling;
using WlWebRtc.Testing;
using WlWebRtc.Transport;

namespace WlWebRtc.Host.Tests.Streaming;

#pragma warning disable CA2012 // NSubstitute configures ValueTask-returning members by calling them.

public sealed class ViewerGatewayTests : IAsyncDisposable
{
    private static readonly SessionDescription Offer = new(SdpType.Offer, "v=0\r\n");
    private readonly ITransport _transport = Substitute.For<ITransport>();
    private readonly VideoPipeline _pipeline;
    private readonly ViewerGateway _gateway;
    private readonly ConcurrentQueue<int> _counts = new();

    public ViewerGatewayTests()
    {
        _transport.CreateSession(Arg.Any<PeerSessionOptions>(), Arg.Any<IPeerSessionObserver>()).Returns(call =>
        {
            var session = Substitute.For<IPeerSession>();
            session.Id.Returns(call.Arg<PeerSessionOptions>().Id);
            session.AcceptOfferAsync(Arg.Any<SessionDescription>(), Arg.Any<CancellationToken>())
                .Returns(new ValueTask<SessionDescription>(new SessionDescription(SdpType.Answer, "v=0\r\n")));
            return session;
        });
        var options = new EncoderOptions(new KindSelection(["auto"]), 8_000_000, 1_000_000, 20_000_000, TimeSpan.Zero);
        _pipeline = new VideoPipeline([], options, TimeProvider.System, NullLogger.Instance);
        _gateway = new ViewerGateway(_transport, new AccessTokens("view", null), new SharedAuthenticationGuard(TimeProvider.System), 4, _pipeline, NullLogger<ViewerGateway>.Instance);
        _gateway.ViewerCountChanged += (_, count) => _counts.Enqueue(count);
    }

    [Fact]
    public async Task ConnectAsync_JoinAndLeave_CountAndEventsFollow()
    {
        var access = new ViewerAccess(ViewerRole.View);
        var first = await _gateway.ConnectAsync(Offer, access, CancellationToken.None);
        var second = await _gateway.ConnectAsync(Offer, access, CancellationToken.None);
        Assert.Equal(2, _gateway.ViewerCount);

        await first.CloseAsync();
        await first.CloseAsync();

        Assert.Equal(1, _gateway.ViewerCount);
        Assert.Equal([1, 2, 1], _counts);
        await second.CloseAsync();
        Assert.Equal([1, 2, 1, 0], _counts);
    }

    [Fact]
    public async Task ConnectAsync_OfferRefused_NoViewerAndNoEvent()
    {
        _transport.CreateSession(Arg.Any<PeerSessionOptions>(), Arg.Any<IPeerSessionObserver>()).Returns(call =>
        {
            var session = Substitute.For<IPeerSession>();
            session.Id.Returns(call.Arg<PeerSessionOptions>().Id);
            session.AcceptOfferAsync(Arg.Any<SessionDescription>(), Arg.Any<CancellationToken>()).ThrowsAsync(new SessionDescriptionException("no video m-line"));
            return session;
        });

        await Assert.ThrowsAsync<SessionDescriptionException>(async () => await _gateway.ConnectAsync(Offer, new ViewerAccess(ViewerRole.View), CancellationToken.None));

        Assert.Equal(0, _gateway.ViewerCount);
        Assert.Empty(_counts);
    }

    [Fact]
    public async Task CloseAsync_ManyAtOnce_ClosedOnceAndAnnouncedOnce()
    {
        var viewer = await _gateway.ConnectAsync(Offer, new ViewerAccess(ViewerRole.View), CancellationToken.None);
        var session = ((Viewer)viewer).Session;
        using var start = new Barrier(8);

        var closes = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            start.SignalAndWait();
            await viewer.CloseAsync();
        })).ToArray();
        await Task.WhenAll(closes);

        await session.Received(1).DisposeAsync();
        Assert.Equal([1, 0], _counts);
        Assert.True(viewer.Closed.IsCancellationRequested);
    }

    [Fact]
    public async Task NegotiatingCount_AnsweredViewerUntilItsTransportConnects_CountedThenConnected()
    {
        var viewer = (Viewer)await _gateway.ConnectAsync(Offer, new ViewerAccess(ViewerRole.View), CancellationToken.None);
        viewer.Session.State.Returns(PeerSessionState.Connecting);

        Assert.Equal(1, _gateway.NegotiatingCount);
        Assert.Equal(0, _gateway.ConnectedCount);

        viewer.Session.State.Returns(PeerSessionState.Connected);

        Assert.Equal(0, _gateway.NegotiatingCount);
        Assert.Equal(1, _gateway.ConnectedCount);
    }

    [Fact]
    public async Task ConnectAsync_TransportFailsDuringNegotiation_NeverAnnouncedAsJoined()
    {
        IPeerSessionObserver observer = _gateway;
        _transport.CreateSession(Arg.Any<PeerSessionOptions>(), Arg.Any<IPeerSessionObserver>()).Returns(call =>
        {
            var session = Substitute.For<IPeerSession>();
            session.Id.Returns(call.Arg<PeerSessionOptions>().Id);
            session.AcceptOfferAsync(Arg.Any<SessionDescription>(), Arg.Any<CancellationToken>()).Returns(_ =>
            {
                observer.OnStateChanged(session, PeerSessionState.Failed);
                return new ValueTask<SessionDescription>(new SessionDescription(SdpType.Answer, "v=0\r\n"));
            });
            return session;
        });

        var viewer = await _gateway.ConnectAsync(Offer, new ViewerAccess(ViewerRole.View), CancellationToken.None);

        Assert.True(viewer.Closed.IsCancellationRequested);
        Assert.Equal(0, _gateway.ViewerCount);
        Assert.Empty(_counts);
    }

    [Fact]
    public async Task Broadcast_OneSessionThrows_OthersStillReceiveAndOnlyThatViewerIsClosed()
    {
        var access = new ViewerAccess(ViewerRole.View);
        var broken = (Viewer)await _gateway.ConnectAsync(Offer, access, CancellationToken.None);
        var healthy = (Viewer)await _gateway.ConnectAsync(Offer, access, CancellationToken.None);
        broken.Session.When(s => s.SendVideo(Arg.Any<Media.EncodedAccessUnit>())).Do(_ => throw new InvalidOperationException("broken session"));
        using var accessUnit = new TestAccessUnit(keyframe: true, 1);

        _gateway.Broadcast(accessUnit);

        healthy.Session.Received(1).SendVideo(accessUnit);
        await Poll.UntilAsync(() => _gateway.ViewerCount == 1, "one viewer in the gateway", interval: TimeSpan.FromMilliseconds(5));
        Assert.Same(healthy, _gateway.Find(healthy.Id));
        Assert.True(broken.Closed.IsCancellationRequested);
    }

    [Fact]
    public async Task OnDataChannelOpened_SessionThrows_ThatViewerClosedAndNothingReachesTheTransport()
    {
        var access = new ViewerAccess(ViewerRole.View);
        var broken = (Viewer)await _gateway.ConnectAsync(Offer, access, CancellationToken.None);
        var healthy = (Viewer)await _gateway.ConnectAsync(Offer, access, CancellationToken.None);
        broken.Session.SendDataAsync(Arg.Any<DataChannelMessage>(), Arg.Any<CancellationToken>()).Returns<ValueTask>(_ => throw new InvalidOperationException("broken channel"));

        ((IPeerSessionObserver)_gateway).OnDataChannelOpened(broken.Session, ViewerGateway.InputChannel);

        await Poll.UntilAsync(() => _gateway.ViewerCount == 1, "one viewer in the gateway", interval: TimeSpan.FromMilliseconds(5));
        Assert.Same(healthy, _gateway.Find(healthy.Id));
    }

    [Fact]
    public async Task ConnectAsync_ViewerCountObserverThrows_ViewerStillJoins()
    {
        _gateway.ViewerCountChanged += (_, _) => throw new InvalidOperationException("a broken signaling plugin");

        var viewer = await _gateway.ConnectAsync(Offer, new ViewerAccess(ViewerRole.View), CancellationToken.None);

        Assert.Equal(1, _gateway.ViewerCount);
        Assert.Equal([1], _counts);
        await viewer.CloseAsync();
        Assert.Equal([1, 0], _counts);
    }

    public async ValueTask DisposeAsync() => await _pipeline.DisposeAsync();
}

public sealed class ViewerGatewayEgressTests
{
    private static readonly SessionDescription Offer = new(SdpType.Offer, "v=0\r\n");
    private static readonly SessionDescription Answer = new(SdpType.Answer, "v=0\r\n");
    private readonly ITransport _transport = Substitute.For<ITransport>();
    private readonly ConcurrentQueue<PeerSessionOptions> _created = new();
    private readonly ViewerGateway _gateway;

    public ViewerGatewayEgressTests()
    {
        _transport.CreateSession(Arg.Any<PeerSessionOptions>(), Arg.Any<IPeerSessionObserver>()).Returns(call =>
        {
            _created.Enqueue(call.Arg<PeerSessionOptions>());
            var session = Substitute.For<IPeerSession>();
            session.Id.Returns(call.Arg<PeerSessionOptions>().Id);
            session.AcceptOfferAsync(Arg.Any<SessionDescription>(), Arg.Any<CancellationToken>()).Returns(new ValueTask<SessionDescription>(Answer));
            session.CreateOfferAsync(Arg.Any<CancellationToken>()).Returns(new ValueTask<SessionDescription>(Offer));
            return session;
        });
        var options = new EncoderOptions(new KindSelection(["auto"]), 8_000_000, 1_000_000, 20_000_000, TimeSpan.Zero);
        var pipeline = new VideoPipeline([], options, TimeProvider.System, NullLogger.Instance);
        _gateway = new ViewerGateway(_transport, new AccessTokens("view", null), new SharedAuthenticationGuard(TimeProvider.System), 1, pipeline, NullLogger<ViewerGateway>.Instance);
    }

    [Fact]
    public async Task PublishAsync_Egress_OutboundViewOnlySessionThatTakesNoSlotAndNoControl()
    {
        IceServer[] servers = [new(["stun:stun.example"])];
        SessionDescription? offered = null;

        var egress = await _gateway.PublishAsync((offer, _) => { offered = offer; return new ValueTask<SessionDescription>(Answer); }, servers, CancellationToken.None);
        var person = await _gateway.ConnectAsync(Offer, new ViewerAccess(ViewerRole.View), CancellationToken.None);

        Assert.Same(Offer, offered);
        Assert.Equal(ViewerRole.View, egress.Role);
        Assert.Equal(ViewerRole.Control, person.Role);
        Assert.Equal(1, _gateway.ViewerCount);
        var options = _created.First();
        Assert.True(options.Outbound);
        Assert.False(options.EnableDataChannel);
        Assert.Equal(servers, options.IceServers);
        await ((Viewer)egress).Session.Received(1).SetAnswerAsync(Answer, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task PublishAsync_NegotiationFails_SessionClosedAndErrorPassedOn()
    {
        await Assert.ThrowsAsync<HttpRequestException>(async () => await _gateway.PublishAsync((_, _) => throw new HttpRequestException("refused"), [], CancellationToken.None));

        Assert.Equal(0, _gateway.ViewerCount);
        Assert.Empty(_gateway.Viewers);
    }

    [Fact]
    public void ReportEgress_LastReportPerNameStands()
    {
        _gateway.ReportEgress(new EgressStatus("whip", "http://sfu/whip", EgressState.Connecting, null, 0, null));
        _gateway.ReportEgress(new EgressStatus("whip", "http://sfu/whip", EgressState.Error, "401", 0, null));

        Assert.Equal(EgressState.Error, Assert.Single(_gateway.Egresses).State);
    }
}
