using WlWebRtc.Rtp.Bwe;

namespace WlWebRtc.Rtp.Tests.Bwe;

public sealed class AimdRateControllerTests
{
    [Fact]
    public void Update_OveruseOverSeveralFeedbacks_DecreasesOnce()
    {
        var aimd = new AimdRateController(3_400_000, 300_000, 50_000_000);

        // One overuse seen in three feedback messages 50 ms apart, the acknowledged rate near the link (3 Mb/s).
        aimd.Update(BandwidthUsage.Overusing, 3_000_000, 1_000);
        aimd.Update(BandwidthUsage.Overusing, 3_000_000, 1_050);
        aimd.Update(BandwidthUsage.Overusing, 2_900_000, 1_100);

        Assert.Equal(2_550_000, aimd.Rate);
    }

    [Fact]
    public void Update_OveruseLastingPastTheReductionInterval_DecreasesAgain()
    {
        var aimd = new AimdRateController(3_400_000, 300_000, 50_000_000);

        aimd.Update(BandwidthUsage.Overusing, 3_000_000, 1_000);
        aimd.Update(BandwidthUsage.Overusing, 3_000_000, 1_250);

        Assert.Equal(2_167_500, aimd.Rate);
    }

    [Fact]
    public void Update_AcknowledgedRateCollapsedBelowHalf_DecreasesAtOnce()
    {
        // A capacity drop (20 to 1.5 Mb/s): the estimate follows what arrives without waiting.
        var aimd = new AimdRateController(20_000_000, 300_000, 50_000_000);

        aimd.Update(BandwidthUsage.Overusing, 18_000_000, 1_000);
        aimd.Update(BandwidthUsage.Overusing, 1_500_000, 1_050);

        Assert.Equal(1_275_000, aimd.Rate);
    }
}
