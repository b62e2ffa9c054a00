using WlWebRtc.RemoteInput.Mapping;

namespace WlWebRtc.RemoteInput.Tests.Mapping;

public sealed class WheelAccumulatorTests
{
    [Fact]
    public void Add_OneChromiumClick_GivesOneStepAndFifteenUnits()
    {
        var (value, clicks) = new WheelAccumulator().Add(100, 0);
        Assert.Equal(1, clicks);
        Assert.Equal(15, value);
    }

    [Fact]
    public void Add_ThreeLines_GivesOneStep() => Assert.Equal(1, new WheelAccumulator().Add(3, 1).Clicks);

    [Fact]
    public void Add_HiResQuarterClicks_StepOnEveryFourth()
    {
        var wheel = new WheelAccumulator();
        var steps = Enumerable.Range(0, 8).Select(_ => wheel.Add(-25, 0).Clicks).ToArray();
        Assert.Equal(new[] { 0, 0, 0, -1, 0, 0, 0, -1 }, steps);
    }

    [Fact]
    public void Add_DirectionChange_DropsRemainder()
    {
        var wheel = new WheelAccumulator();
        wheel.Add(75, 0);
        Assert.Equal(0, wheel.Add(-50, 0).Clicks);
        Assert.Equal(-1, wheel.Add(-50, 0).Clicks);
    }

    [Fact]
    public void Add_OnePage_GivesFiveSteps() => Assert.Equal(5, new WheelAccumulator().Add(1, 2).Clicks);
}
