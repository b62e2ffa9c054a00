using WlWebRtc.Rtp.Bwe;

namespace WlWebRtc.Rtp.Tests.Bwe;

public sealed class ProbeResultEstimatorTests
{
    private const int PacketBytes = 1200;

    [Fact]
    public void OnReceived_PathFasterThanProbe_ReturnsTheProbeRate()
    {
        // 10 packets sent 2 ms apart (4.8 Mb/s), arriving as sent.
        var (rate, saturated) = Run(sendGapUs: 2_000, arrivalGapUs: 2_000);

        Assert.InRange(rate, 4_700_000, 4_900_000);
        Assert.False(saturated);
    }

    [Fact]
    public void OnReceived_BottleneckBelowProbe_ReturnsJustUnderTheBottleneck()
    {
        // Sent at 4.8 Mb/s through a 2.4 Mb/s bottleneck: they arrive 4 ms apart.
        var (rate, saturated) = Run(sendGapUs: 2_000, arrivalGapUs: 4_000);

        Assert.InRange(rate, 0.9 * 2_400_000, 2_400_000);
        Assert.True(saturated);
    }

    [Fact]
    public void OnReceived_TooFewReported_NoResultYet()
    {
        var estimator = new ProbeResultEstimator();
        var cluster = new ProbeCluster(7, 4_800_000, 12_000, 6);
        for (var i = 0; i < 10; i++)
        {
            estimator.OnSent(cluster);
        }

        for (var i = 0; i < 7; i++)
        {
            Assert.Null(estimator.OnReceived(7, i * 2_000, 50_000 + (i * 2_000), PacketBytes));
        }
    }

    [Fact]
    public void OnReceived_UnknownCluster_Ignored() =>
        Assert.Null(new ProbeResultEstimator().OnReceived(3, 0, 0, PacketBytes));

    private static (long BitsPerSecond, bool Saturated) Run(long sendGapUs, long arrivalGapUs)
    {
        var estimator = new ProbeResultEstimator();
        var cluster = new ProbeCluster(1, 4_800_000, 12_000, 6);
        for (var i = 0; i < 10; i++)
        {
            estimator.OnSent(cluster);
        }

        (long, bool)? result = null;
        for (var i = 0; i < 10; i++)
        {
            var got = estimator.OnReceived(1, i * sendGapUs, 50_000 + (i * arrivalGapUs), PacketBytes);
            if (got is not null)
            {
                Assert.Null(result);
                result = got;
            }
        }

        Assert.NotNull(result);
        return result.Value;
    }
}
