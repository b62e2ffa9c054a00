using WlWebRtc.Rtp.Srtp;
using WlWebRtc.Rtp.Tests.Pacing;

namespace WlWebRtc.Rtp.Tests.Sending;

/// <summary>What the sender's statistics say about probing (shown per viewer by <c>wlwebrtc status</c>).</summary>
public sealed class RtpSenderProbeStatisticsTests
{
    private const long Mbps = 1_000_000;

    [Fact]
    public void GetStatistics_ProbesAnsweredOnAFastLink_LastResultItsRateAndAge()
    {
        // Little content on a 20 Mb/s link: the estimator probes above the estimate and the feedback gives results.
        using var sim = new LinkSimulation(_ => 20 * Mbps, contentBitsPerSecond: Mbps / 2);

        sim.RunUntil(TimeSpan.FromSeconds(5));

        var stats = sim.Statistics;
        Assert.True(stats.ProbeClusters >= 1, $"{stats.ProbeClusters} clusters");
        Assert.InRange(stats.ProbeResults, 1, stats.ProbeClusters);
        Assert.True(stats.PaddingBytesSent > 0);
        Assert.InRange(stats.LastProbeBitsPerSecond!.Value, 1 * Mbps, 21 * Mbps);
        Assert.InRange(stats.LastProbeAge!.Value, TimeSpan.Zero, sim.Elapsed);
    }

    [Fact]
    public void GetStatistics_BeforeAnyFeedback_NoLastProbe()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true);

        var stats = harness.Sender.GetStatistics();

        Assert.Equal(0, stats.ProbeResults);
        Assert.Null(stats.LastProbeBitsPerSecond);
        Assert.Null(stats.LastProbeAge);
        Assert.False(stats.LastProbeSaturated);
    }
}
