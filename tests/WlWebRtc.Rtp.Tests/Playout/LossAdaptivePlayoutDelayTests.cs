using WlWebRtc.Rtp.Playout;
using WlWebRtc.Testing;

namespace WlWebRtc.Rtp.Tests.Playout;

public sealed class LossAdaptivePlayoutDelayTests
{
    private static readonly TimeSpan Rtt = TimeSpan.FromMilliseconds(44);

    [Fact]
    public void Update_NoLoss_StaysZero()
    {
        var time = new ManualTimeProvider();
        var policy = new LossAdaptivePlayoutDelay(null, time.TimestampFrequency);

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(TimeSpan.Zero, policy.Update(i % 5 == 0 ? 0 : null, Rtt, time.GetTimestamp()));
            time.Advance(TimeSpan.FromMilliseconds(33));
        }

        Assert.False(policy.Lossy);
        Assert.Equal(0, policy.Switches);
    }

    [Fact]
    public void Update_LossWindowAtOnePercent_AsksForRoundTripPlusMarginInTenMsSteps()
    {
        var time = new ManualTimeProvider();
        var policy = new LossAdaptivePlayoutDelay(null, time.TimestampFrequency);

        var delay = policy.Update(LossAdaptivePlayoutDelay.EnterLoss, Rtt, time.GetTimestamp());

        // 44 + 40 = 84 ms, up to 90.
        Assert.Equal(TimeSpan.FromMilliseconds(90), delay);
        Assert.True(policy.Lossy);
    }

    [Fact]
    public void Update_LossWindowUnderEnterThreshold_StaysZero()
    {
        var time = new ManualTimeProvider();
        var policy = new LossAdaptivePlayoutDelay(null, time.TimestampFrequency);

        Assert.Equal(TimeSpan.Zero, policy.Update(0.005, Rtt, time.GetTimestamp()));
    }

    [Fact]
    public void Update_RoundTripUnknownOrExtreme_ClampedToFloorAndCeiling()
    {
        var time = new ManualTimeProvider();

        Assert.Equal(TimeSpan.FromMilliseconds(100), new LossAdaptivePlayoutDelay(null, time.TimestampFrequency).Update(0.05, null, time.GetTimestamp()));
        Assert.Equal(LossAdaptivePlayoutDelay.LossyFloor, new LossAdaptivePlayoutDelay(null, time.TimestampFrequency).Update(0.05, TimeSpan.FromMilliseconds(1), time.GetTimestamp()));
        Assert.Equal(LossAdaptivePlayoutDelay.LossyCeiling, new LossAdaptivePlayoutDelay(null, time.TimestampFrequency).Update(0.05, TimeSpan.FromSeconds(2), time.GetTimestamp()));
    }

    [Fact]
    public void Update_RoundTripLonger_FollowedAtOnce()
    {
        var time = new ManualTimeProvider();
        var policy = new LossAdaptivePlayoutDelay(null, time.TimestampFrequency);
        policy.Update(0.05, Rtt, time.GetTimestamp());

        Assert.Equal(TimeSpan.FromMilliseconds(180), policy.Update(null, TimeSpan.FromMilliseconds(136), time.GetTimestamp()));
    }

    [Fact]
    public void Update_RoundTripShorter_FollowedOnlyAfterTheLowerHold()
    {
        var time = new ManualTimeProvider();
        var policy = new LossAdaptivePlayoutDelay(null, time.TimestampFrequency);
        policy.Update(0.05, TimeSpan.FromMilliseconds(136), time.GetTimestamp());

        Assert.Equal(TimeSpan.FromMilliseconds(180), policy.Update(0.05, Rtt, time.GetTimestamp()));
        time.Advance(LossAdaptivePlayoutDelay.LowerHold - TimeSpan.FromMilliseconds(1));
        Assert.Equal(TimeSpan.FromMilliseconds(180), policy.Update(0.05, Rtt, time.GetTimestamp()));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(TimeSpan.FromMilliseconds(90), policy.Update(0.05, Rtt, time.GetTimestamp()));
    }

    [Fact]
    public void Update_FixedLossyDelay_UsedWhateverTheRoundTrip()
    {
        var time = new ManualTimeProvider();
        var policy = new LossAdaptivePlayoutDelay(TimeSpan.FromMilliseconds(150), time.TimestampFrequency);

        Assert.Equal(TimeSpan.FromMilliseconds(150), policy.Update(0.02, Rtt, time.GetTimestamp()));
    }

    [Fact]
    public void Update_LossStops_BackToZeroOnlyAfterTheHold()
    {
        var time = new ManualTimeProvider();
        var policy = new LossAdaptivePlayoutDelay(null, time.TimestampFrequency);
        policy.Update(0.02, Rtt, time.GetTimestamp());

        time.Advance(LossAdaptivePlayoutDelay.Hold - TimeSpan.FromMilliseconds(100));
        Assert.NotEqual(TimeSpan.Zero, policy.Update(0, Rtt, time.GetTimestamp()));

        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(TimeSpan.Zero, policy.Update(0, Rtt, time.GetTimestamp()));
        Assert.False(policy.Lossy);
        Assert.Equal(2, policy.Switches);
    }

    [Fact]
    public void Update_LowLossWhileLossy_RestartsTheHold()
    {
        var time = new ManualTimeProvider();
        var policy = new LossAdaptivePlayoutDelay(null, time.TimestampFrequency);
        policy.Update(0.02, Rtt, time.GetTimestamp());

        // 0.5 %: under the 1 % that makes a link lossy, over the 0.25 % that keeps it so.
        time.Advance(LossAdaptivePlayoutDelay.Hold - TimeSpan.FromSeconds(1));
        policy.Update(0.005, Rtt, time.GetTimestamp());
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.NotEqual(TimeSpan.Zero, policy.Update(null, Rtt, time.GetTimestamp()));
        Assert.Equal(1, policy.Switches);
    }
}
