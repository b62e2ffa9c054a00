using WlWebRtc.Host.Streaming.Stages;

namespace WlWebRtc.Host.Tests.Streaming.Stages;

/// <summary>A static screen: the stages of the last frames encoded must not reach the overlay as if current.</summary>
public sealed class ViewerStagesTests
{
    private static readonly Func<(double?, double?, double?, double?)> Medians = () => (2.5, 1, 6, 0.1);
    private static readonly Func<TimeSpan?> Pacing = () => TimeSpan.FromMilliseconds(3);

    [Fact]
    public void For_NewFramesComing_TheRecentMediansAndThePacing()
    {
        var stages = ViewerStages.For(TimeSpan.FromMilliseconds(40), Medians, Pacing);

        Assert.Equal((2.5, 1.0, 6.0, 0.1, 3.0), (stages.CaptureMilliseconds, stages.ConvertMilliseconds, stages.EncodeMilliseconds, stages.SendMilliseconds, stages.PacingMilliseconds));
        Assert.Null(stages.IdleMilliseconds);
    }

    [Fact]
    public void For_NoNewFrameForTheIdleTime_IdleWithoutTheOldStages()
    {
        var stages = ViewerStages.For(ViewerStages.IdleAfter + TimeSpan.FromMilliseconds(500), Medians, Pacing);

        Assert.Equal(ViewerStages.IdleAfter.TotalMilliseconds + 500, stages.IdleMilliseconds);
        Assert.Null(stages.CaptureMilliseconds);
        Assert.Null(stages.PacingMilliseconds);
    }

    [Fact]
    public void For_JustUnderTheIdleTime_StillTheStages()
    {
        var stages = ViewerStages.For(ViewerStages.IdleAfter - TimeSpan.FromMilliseconds(1), Medians, Pacing);

        Assert.Null(stages.IdleMilliseconds);
        Assert.Equal(6, stages.EncodeMilliseconds);
    }

    [Fact]
    public void For_NoFrameYet_NothingToSend()
    {
        var stages = ViewerStages.For(null, () => (null, null, null, null), () => null);

        Assert.False(stages.HasAny);
    }
}
