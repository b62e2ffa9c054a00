using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using WlWebRtc.Host.Configuration;
using WlWebRtc.Host.Server;
using WlWebRtc.Host.Streaming;
using WlWebRtc.Host.Streaming.Tiers;
using WlWebRtc.Media;
using WlWebRtc.Signaling;
using WlWebRtc.Testing;
using WlWebRtc.Transport;

namespace WlWebRtc.Host.Tests.Streaming.Tiers;

#pragma warning disable CA2012 // NSubstitute configures ValueTask-returning members by calling them.

/// <summary>The gateway with encoder tiers: a slow viewer goes to its own tier and switches at its keyframe; the fast one keeps its bitrate.</summary>
public sealed class TieredGatewayTests : IAsyncDisposable
{
    private static readonly SessionDescription Offer = new(SdpType.Offer, "v=0\r\n");
    private static readonly EncoderOptions Options = new(new KindSelection(["auto"]), 8_000_000, 100_000, 20_000_000, TimeSpan.Zero);
    private readonly ITransport _transport = Substitute.For<ITransport>();
    private readonly ConcurrentDictionary<string, long> _estimates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IPeerSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<int> _created = new();
    private readonly VideoPipeline _first = new([], Options, TimeProvider.System, NullLogger.Instance);
    private readonly EncoderTiers _tiers;
    private readonly ViewerGateway _gateway;

    public TieredGatewayTests()
    {
        _transport.CreateSession(Arg.Any<PeerSessionOptions>(), Arg.Any<IPeerSessionObserver>()).Returns(call =>
        {
            var id = call.Arg<PeerSessionOptions>().Id;
            var session = Substitute.For<IPeerSession>();
            session.Id.Returns(id);
            session.State.Returns(PeerSessionState.Connected);
            session.GetStats().Returns(_ => new PeerSessionStats { EstimatedBandwidthBitsPerSecond = _estimates.GetValueOrDefault(id) });
            session.AcceptOfferAsync(Arg.Any<SessionDescription>(), Arg.Any<CancellationToken>())
                .Returns(new ValueTask<SessionDescription>(new SessionDescription(SdpType.Answer, "v=0\r\n")));
            _sessions[id] = session;
            return session;
        });
        _tiers = new EncoderTiers(_first, 2, tier =>
        {
            _created.Enqueue(tier);
            return new VideoPipeline([], Options, TimeProvider.System, NullLogger.Instance);
        });
        _gateway = new ViewerGateway(_transport, new AccessTokens("view", null), new SharedAuthenticationGuard(TimeProvider.System), 4, _first, NullLogger<ViewerGateway>.Instance)
        {
            EncoderTiers = _tiers,
        };
    }

    private sealed class Unit(bool keyframe) : EncodedAccessUnit(VideoCodec.H264, keyframe, 64, 48, CaptureTime.Now(), 1)
    {
        public override ReadOnlyMemory<byte> Data { get; } = new byte[] { 0, 0, 0, 1, 0x41 };

        protected override void Release()
        {
        }
    }

    private async Task<(Viewer Fast, Viewer Slow)> TwoViewersAsync(long fast, long slow)
    {
        var a = (Viewer)await _gateway.ConnectAsync(Offer, new ViewerAccess(ViewerRole.View), CancellationToken.None);
        var b = (Viewer)await _gateway.ConnectAsync(Offer, new ViewerAccess(ViewerRole.View), CancellationToken.None);
        _estimates[a.Id] = fast;
        _estimates[b.Id] = slow;
        ((IPeerSessionObserver)_gateway).OnBandwidthEstimate(b.Session, slow);
        return (a, b);
    }

    private int Sent(Viewer viewer) => _sessions[viewer.Id].ReceivedCalls().Count(c => c.GetMethodInfo().Name == nameof(IPeerSession.SendVideo));

    [Fact]
    public async Task OnBandwidthEstimate_SlowViewer_OwnTierAndTheFastOneKeepsItsBitrate()
    {
        var (fast, slow) = await TwoViewersAsync(10_000_000, 1_000_000);

        Assert.Equal([1], _created);
        Assert.Equal(9_000_000, _first.TargetBitrate);
        Assert.Equal(900_000, _tiers.Find(1)!.TargetBitrate);
        Assert.Equal((0, 1), (slow.Tier, slow.PendingTier));
        Assert.Equal((0, -1), (fast.Tier, fast.PendingTier));
    }

    [Fact]
    public async Task OnBandwidthEstimate_OneEncoderWithoutTiers_TheSlowestSetsTheBitrate()
    {
        var gateway = new ViewerGateway(_transport, new AccessTokens("view", null), new SharedAuthenticationGuard(TimeProvider.System), 4, _first, NullLogger<ViewerGateway>.Instance);
        var a = (Viewer)await gateway.ConnectAsync(Offer, new ViewerAccess(ViewerRole.View), CancellationToken.None);
        var b = (Viewer)await gateway.ConnectAsync(Offer, new ViewerAccess(ViewerRole.View), CancellationToken.None);
        _estimates[a.Id] = 10_000_000;
        _estimates[b.Id] = 1_000_000;

        ((IPeerSessionObserver)gateway).OnBandwidthEstimate(b.Session, 1_000_000);

        Assert.Equal(900_000, _first.TargetBitrate);
        await gateway.CloseAllAsync();
    }

    [Fact]
    public async Task Broadcast_ViewerMovingTiers_SwitchesAtTheNewTiersKeyframeOnly()
    {
        var (fast, slow) = await TwoViewersAsync(10_000_000, 1_000_000);
        var low = _gateway.ViewersOf(1);
        var high = _gateway.ViewersOf(0);
        Assert.Equal(1, low.ConnectedCount);

        low.Broadcast(new Unit(keyframe: false)); // not its stream yet: it still decodes tier 0's
        high.Broadcast(new Unit(keyframe: false));
        Assert.Equal((1, 1), (Sent(fast), Sent(slow)));

        low.Broadcast(new Unit(keyframe: true)); // the move completes with tier 1's keyframe
        high.Broadcast(new Unit(keyframe: false));

        Assert.Equal((2, 2), (Sent(fast), Sent(slow)));
        Assert.Equal((1, -1), (slow.Tier, slow.PendingTier));
        Assert.Equal(1, high.ConnectedCount);
    }

    [Fact]
    public async Task CloseAsync_LastViewerOfTheSecondTier_TierStops()
    {
        var (_, slow) = await TwoViewersAsync(10_000_000, 1_000_000);
        Assert.NotNull(_tiers.Find(1));

        await slow.CloseAsync();

        Assert.Null(_tiers.Find(1));
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.CloseAllAsync();
        await _tiers.DisposeAsync();
        await _first.DisposeAsync();
    }
}
