using WlWebRtc.Rtp.Bwe;
using WlWebRtc.Rtp.Rtcp;

namespace WlWebRtc.Rtp.Tests.Bwe;

/// <summary>Synthetic transport-wide-cc feedback: a 1200-byte packet every 2 ms (4.8 Mb/s), feedback every 50 ms.</summary>
public sealed class SendSideBandwidthEstimatorTests
{
    private const int PacketBytes = 1200;
    private const long IntervalUs = 2_000;

    [Fact]
    public void OnTransportFeedback_ConstantDelay_EstimateRises()
    {
        var estimator = new SendSideBandwidthEstimator(2_000_000, 100_000, 50_000_000);

        Run(estimator, seconds: 5, extraDelayUs: _ => 0, lost: _ => false);

        Assert.True(estimator.Estimate > 2_000_000, $"estimate {estimator.Estimate}");
        Assert.Equal(BandwidthUsage.Normal, estimator.Usage);
    }

    [Fact]
    public void OnTransportFeedback_GrowingQueueDelay_EstimateDrops()
    {
        var estimator = new SendSideBandwidthEstimator(8_000_000, 100_000, 50_000_000);

        // After 1 s each packet waits 0.5 ms longer than the one before (a queue filling at 25 %).
        Run(estimator, seconds: 3, extraDelayUs: i => i < 500 ? 0 : (i - 500) * 500, lost: _ => false);

        Assert.True(estimator.Estimate < 8_000_000 * 0.9, $"estimate {estimator.Estimate}");
        Assert.True(estimator.DelayBasedRate < 8_000_000);
    }

    [Fact]
    public void OnTransportFeedback_TwentyPercentLoss_EstimateDrops()
    {
        var estimator = new SendSideBandwidthEstimator(8_000_000, 100_000, 50_000_000);

        Run(estimator, seconds: 3, extraDelayUs: _ => 0, lost: i => i % 5 == 0);

        Assert.True(estimator.LossBasedRate < 8_000_000 * 0.5, $"loss-based {estimator.LossBasedRate}");
        Assert.True(estimator.Estimate < 8_000_000 * 0.5, $"estimate {estimator.Estimate}");
    }

    [Fact]
    public void OnLossReport_LowLoss_DoesNotDecrease()
    {
        var estimator = new SendSideBandwidthEstimator(4_000_000, 100_000, 50_000_000);

        // 1 % of 200, then 5 % of 200 packets.
        estimator.OnLossReport(0, 1000, 0);
        estimator.OnLossReport(2, 1200, 1_000_000);
        estimator.OnLossReport(12, 1400, 2_000_000);

        Assert.Equal(4_000_000, estimator.Estimate);
    }

    [Fact]
    public void OnRemb_BelowEstimate_CapsIt()
    {
        var estimator = new SendSideBandwidthEstimator(8_000_000, 100_000, 50_000_000);

        Assert.True(estimator.OnRemb(1_500_000));

        Assert.Equal(1_500_000, estimator.Estimate);
    }

    [Fact]
    public void OnTransportFeedback_ArrivalTimesRunningBackwards_SamplesStayBounded()
    {
        var estimator = new SendSideBandwidthEstimator(2_000_000, 100_000, 50_000_000);
        var feedback = new List<PacketFeedback>();

        // A viewer reporting each packet as arriving 1 ms before the previous one.
        for (var i = 0; i < 20_000; i++)
        {
            var sequence = (ushort)i;
            estimator.OnPacketSent(sequence, 1_000_000 + (i * IntervalUs), PacketBytes);
            feedback.Add(new PacketFeedback(sequence, true, 100_000_000 - (i * 1_000L)));
            if (feedback.Count == 25)
            {
                estimator.OnTransportFeedback(feedback, 1_000_000 + (i * IntervalUs));
                feedback.Clear();
            }
        }

        Assert.InRange(estimator.AcknowledgedSamples, 1, 1_000);
    }

    [Fact]
    public void OnTransportFeedback_QueueStandsWithAFlatGradient_ReadsAsOveruse()
    {
        var estimator = new SendSideBandwidthEstimator(4_000_000, 100_000, 50_000_000);

        // A second without a queue, then every packet waits 100 ms more than the path's least delay: a full queue that
        // neither grows nor drains. The gradient is flat after the step; the queue still stands.
        Run(estimator, seconds: 3, extraDelayUs: i => i < 500 ? 0 : 100_000, lost: _ => false);

        Assert.True(estimator.QueueStanding);
        Assert.InRange(estimator.QueueingDelayUs, 90_000, 110_000);
        Assert.Equal(BandwidthUsage.Overusing, estimator.Usage);
        Assert.True(estimator.Estimate < 4_800_000 * 0.9, $"estimate {estimator.Estimate}");
    }

    [Fact]
    public void OnTransportFeedback_QueueDrainedAfterStanding_IncreasesAgain()
    {
        var estimator = new SendSideBandwidthEstimator(4_000_000, 100_000, 50_000_000);
        Run(estimator, seconds: 2, extraDelayUs: i => i < 500 ? 0 : 100_000, lost: _ => false);
        var low = estimator.Estimate;

        // The queue is gone: the next 3 s (packets 1000 on, at the path's least delay again).
        Run(estimator, seconds: 3, extraDelayUs: _ => 0, lost: _ => false, firstPacket: 1000);

        Assert.False(estimator.QueueStanding);
        Assert.NotEqual(BandwidthUsage.Overusing, estimator.Usage);
        Assert.True(estimator.Estimate > low, $"estimate {estimator.Estimate}, after the queue {low}");
    }

    private static void Run(SendSideBandwidthEstimator estimator, int seconds, Func<int, long> extraDelayUs, Func<int, bool> lost, int firstPacket = 0)
    {
        var feedback = new List<PacketFeedback>();
        var packets = (int)(seconds * 1_000_000 / IntervalUs);
        for (var i = firstPacket; i < firstPacket + packets; i++)
        {
            var sendUs = 1_000_000 + (i * IntervalUs);
            var sequence = (ushort)i;
            estimator.OnPacketSent(sequence, sendUs, PacketBytes);
            var arrival = sendUs + 20_000 + extraDelayUs(i);
            feedback.Add(new PacketFeedback(sequence, !lost(i), lost(i) ? 0 : arrival));
            if (feedback.Count == 25)
            {
                estimator.OnTransportFeedback(feedback, arrival + 10_000);
                feedback.Clear();
            }
        }
    }
}
