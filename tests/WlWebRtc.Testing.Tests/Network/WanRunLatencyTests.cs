using WlWebRtc.Testing.Network;

namespace WlWebRtc.Testing.Tests.Network;

/// <summary>
/// The per-frame latency of <c>bench wan</c>: from the frame's departure on the wire to the page's callback (not
/// Chromium's presentationTime, which can lie before the frame arrived), the network part from receiveTime, and the
/// flag for a latency no link could give (below its one-way delay).
/// </summary>
public sealed class WanRunLatencyTests
{
    private static readonly WanProfile Profile = WanProfile.Dsl3.WithDuration(TimeSpan.FromSeconds(10));

    [Fact]
    public void From_FramesSeenAfterTheDelay_LatencyFromTheCallbackAndNetworkFromReceiveTime()
    {
        // Departures at 1000 + 33 i; each frame arrives 25 ms later, is presented (by Chromium's account) 15 ms after
        // departure, and the page sees it 40 ms after departure.
        var frames = Enumerable.Range(0, 10).Select(i => new PresentedFrame(1015 + (33.0 * i), 1040 + (33.0 * i), 1025 + (33.0 * i), (uint)(3000 * i))).ToList();

        var m = Metrics(frames);

        Assert.Equal(40, m.LatencyP50Ms!.Value, 6);
        Assert.Equal(40, m.LatencyMinMs!.Value, 6);
        Assert.Equal(25, m.NetworkLatencyP50Ms!.Value, 6);
        Assert.Equal(20, m.OneWayDelayFloorMs, 6);
        Assert.False(m.LatencyBelowOneWayDelay);
    }

    [Fact]
    public void From_ALatencyBelowTheOneWayDelay_IsFlagged()
    {
        // The page's clock runs 10 ms behind the wire's: a frame "arrives" 12 ms after departure on a 20 ms link.
        var frames = Enumerable.Range(0, 10).Select(i => new PresentedFrame(1010 + (33.0 * i), 1030 + (33.0 * i), 1012 + (33.0 * i), (uint)(3000 * i))).ToList();

        var m = Metrics(frames);

        Assert.True(m.LatencyBelowOneWayDelay);
        Assert.Equal(12, m.NetworkLatencyMinMs!.Value, 6);
    }

    [Fact]
    public void From_NoReceiveTime_NoNetworkFigures()
    {
        var frames = Enumerable.Range(0, 5).Select(i => new PresentedFrame(1030 + (33.0 * i), 1040 + (33.0 * i), null, (uint)(3000 * i))).ToList();

        var m = Metrics(frames);

        Assert.Null(m.NetworkLatencyP50Ms);
        Assert.Equal(40, m.LatencyP50Ms!.Value, 6);
    }

    private static WanRunMetrics Metrics(IReadOnlyList<PresentedFrame> frames)
    {
        var trace = new PlaybackTrace(true, null, 0, 0, 0, 0, [.. frames.Select(f => f.PresentedAt)], [], 1280, 720) { PresentedFrames = frames };
        var link = new EmulatedLink<int>(Profile.Down, new ManualTimeProvider(), new Random(1));
        return WanRunMetrics.From(Profile, trace, link.Statistics, 0, timestamp => 1000 + (33.0 * (timestamp / 3000)));
    }
}
