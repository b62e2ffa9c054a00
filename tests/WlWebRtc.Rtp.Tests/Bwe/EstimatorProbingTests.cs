using WlWebRtc.Rtp.Bwe;
using WlWebRtc.Rtp.Rtcp;

namespace WlWebRtc.Rtp.Tests.Bwe;

/// <summary>Probe clusters through the estimator: what the path carried lifts the estimate, never lowers it.</summary>
public sealed class EstimatorProbingTests
{
    private const int PacketBytes = 1200;

    [Fact]
    public void OnTransportFeedback_ProbeCarriedByThePath_EstimateJumpsToIt()
    {
        var estimator = new SendSideBandwidthEstimator(1_000_000, 300_000, 50_000_000, TimeSpan.FromSeconds(3));
        var cluster = estimator.TakeDueProbe(1_000_000)!.Value;
        Assert.Equal(3_000_000, cluster.BitsPerSecond);

        SendCluster(estimator, cluster, bottleneckBitsPerSecond: 10_000_000);

        Assert.InRange(estimator.Estimate, 2_700_000, 3_100_000);
        Assert.Equal(1, estimator.ProbeResults);
    }

    [Fact]
    public void OnTransportFeedback_ProbeThroughNarrowerBottleneck_EstimateJustUnderIt()
    {
        var estimator = new SendSideBandwidthEstimator(1_000_000, 300_000, 50_000_000, TimeSpan.FromSeconds(3));
        var cluster = estimator.TakeDueProbe(1_000_000)!.Value;

        SendCluster(estimator, cluster, bottleneckBitsPerSecond: 2_000_000);

        Assert.InRange(estimator.Estimate, 1_800_000, 2_000_000);
    }

    [Fact]
    public void TakeDueProbe_ProbingOff_Never()
    {
        var estimator = new SendSideBandwidthEstimator(1_000_000, 300_000, 50_000_000);

        Assert.Null(estimator.TakeDueProbe(1_000_000));
    }

    /// <summary>Sends the cluster's packets at its rate; they leave the bottleneck no faster than it allows.</summary>
    private static void SendCluster(SendSideBandwidthEstimator estimator, ProbeCluster cluster, long bottleneckBitsPerSecond)
    {
        var sendGapUs = PacketBytes * 8L * 1_000_000 / cluster.BitsPerSecond;
        var serviceUs = PacketBytes * 8L * 1_000_000 / bottleneckBitsPerSecond;
        var count = Math.Max(cluster.MinPackets, cluster.Bytes / PacketBytes);
        var feedback = new List<PacketFeedback>();
        long linkFreeUs = 0;
        for (var i = 0; i < count; i++)
        {
            var sendUs = 1_000_000 + (i * sendGapUs);
            estimator.OnPacketSent((ushort)i, sendUs, PacketBytes, cluster);
            linkFreeUs = Math.Max(linkFreeUs, sendUs) + serviceUs;
            feedback.Add(new PacketFeedback((ushort)i, true, linkFreeUs + 20_000));
        }

        estimator.OnTransportFeedback(feedback, linkFreeUs + 40_000);
    }
}
