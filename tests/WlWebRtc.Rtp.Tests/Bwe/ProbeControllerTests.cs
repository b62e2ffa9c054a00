using WlWebRtc.Rtp.Bwe;

namespace WlWebRtc.Rtp.Tests.Bwe;

public sealed class ProbeControllerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);

    [Fact]
    public void TakeDue_First_ProbesAtThreeTimesTheEstimate()
    {
        var controller = new ProbeController(50_000_000, Interval);

        var cluster = controller.TakeDue(0, 1_500_000);

        Assert.Equal(4_500_000, cluster?.BitsPerSecond);
        Assert.True(cluster!.Value.Bytes >= 6000);
        Assert.Null(controller.TakeDue(1000, 1_500_000)); // one at a time: waits for the result
    }

    [Fact]
    public void OnResult_PathCarriedTheProbe_NextProbesAtTwiceTheResult()
    {
        var controller = new ProbeController(50_000_000, Interval);
        controller.TakeDue(0, 1_500_000);

        controller.OnResult(4_400_000, 1_500_000, 4_400_000);

        Assert.Equal(8_800_000, controller.TakeDue(100_000, 4_400_000)?.BitsPerSecond);
    }

    [Fact]
    public void OnResult_ProbeSaturatedThePath_NoMoreUntilTheInterval()
    {
        var controller = new ProbeController(50_000_000, Interval);
        controller.TakeDue(0, 1_500_000);

        controller.OnResult(2_800_000, 1_500_000, 2_800_000);

        Assert.Null(controller.TakeDue(100_000, 2_800_000));
        Assert.Equal(5_600_000, controller.TakeDue(3_000_000, 2_800_000)?.BitsPerSecond);
    }

    [Fact]
    public void TakeDue_AtCeiling_NeverProbes()
    {
        var controller = new ProbeController(2_000_000, Interval);

        Assert.Null(controller.TakeDue(0, 2_000_000));
        Assert.Null(controller.TakeDue(10_000_000, 2_000_000));
    }

    [Fact]
    public void TakeDue_BelowCeiling_ProbeCappedAtCeiling()
    {
        var controller = new ProbeController(2_000_000, Interval);

        Assert.Equal(2_000_000, controller.TakeDue(0, 1_000_000)?.BitsPerSecond);
    }

    [Fact]
    public void OnDecrease_PutsThePeriodicProbeOff()
    {
        var controller = new ProbeController(50_000_000, Interval);
        controller.TakeDue(0, 1_000_000);
        controller.OnResult(1_000_000, 1_000_000, 1_000_000);

        controller.OnDecrease(4_000_000);

        Assert.Null(controller.TakeDue(4_600_000, 1_000_000));
        Assert.NotNull(controller.TakeDue(7_000_000, 1_000_000));
    }

    [Fact]
    public void OnResult_ProbeDidNotLiftTheEstimate_NextPeriodicProbeWaitsLonger()
    {
        var controller = new ProbeController(50_000_000, Interval);
        controller.TakeDue(0, 3_000_000);

        controller.OnResult(2_900_000, 3_000_000, 3_000_000);

        Assert.Null(controller.TakeDue(3_000_000, 3_000_000));
        Assert.Equal(6_000_000, controller.TakeDue(4_500_000, 3_000_000)?.BitsPerSecond);
    }

    [Fact]
    public void TakeDue_EstimateFarUnderItsRecentHigh_ProbesEveryRecoveryIntervalWithoutBackoff()
    {
        // 19 Mb/s, then the link fell to 1.5 Mb/s: probes that find it still full do not push the next one out.
        var controller = new ProbeController(50_000_000, Interval);
        controller.TakeDue(0, 19_000_000);
        controller.OnResult(19_000_000, 19_000_000, 19_000_000);
        controller.OnDecrease(10_000_000);
        Assert.Null(controller.TakeDue(10_400_000, 1_300_000));
        var now = 10_500_000L;
        Assert.NotNull(controller.TakeDue(now, 1_300_000));
        controller.OnResult(1_400_000, 1_300_000, 1_300_000);
        for (var i = 0; i < 6; i++)
        {
            Assert.Null(controller.TakeDue(now + 1_400_000, 1_300_000));
            var cluster = controller.TakeDue(now + 1_500_000, 1_300_000);
            Assert.Equal(2_600_000, cluster?.BitsPerSecond);
            now += 1_500_000;
            controller.OnResult(1_400_000, 1_300_000, 1_300_000);
        }

        Assert.True(controller.Recovering);
    }

    [Fact]
    public void OnDecrease_WhileRecovering_PutsTheProbeOffByHalfASecondOnly()
    {
        var controller = new ProbeController(50_000_000, Interval);
        controller.TakeDue(0, 19_000_000);
        controller.OnResult(19_000_000, 19_000_000, 19_000_000);
        Assert.Null(controller.TakeDue(1_000_000, 1_300_000));

        controller.OnDecrease(1_400_000);

        Assert.Null(controller.TakeDue(1_800_000, 1_300_000));
        Assert.NotNull(controller.TakeDue(1_900_000, 1_300_000));
    }

    [Fact]
    public void TakeDue_HighOlderThanTheRecoveryWindow_PeriodicProbesOnly()
    {
        var controller = new ProbeController(50_000_000, Interval);
        controller.TakeDue(0, 19_000_000);
        controller.OnResult(19_000_000, 19_000_000, 19_000_000);

        controller.TakeDue(31_000_000, 1_300_000);
        controller.OnResult(1_400_000, 1_300_000, 1_300_000);

        Assert.False(controller.Recovering);
        Assert.Null(controller.TakeDue(32_600_000, 1_300_000));
    }

    [Fact]
    public void TakeDue_NoResultWithinASecond_SendsTheClusterAgainOnce()
    {
        // 5 % loss each way: the feedback message covering the start probe was lost.
        var controller = new ProbeController(50_000_000, Interval);
        controller.TakeDue(0, 1_500_000);

        var retry = controller.TakeDue(1_100_000, 1_500_000);
        var again = controller.TakeDue(2_200_000, 1_500_000);

        Assert.Equal(4_500_000, retry?.BitsPerSecond);
        Assert.Null(again); // the retry went unanswered too: the periodic probe decides from here
    }
}
