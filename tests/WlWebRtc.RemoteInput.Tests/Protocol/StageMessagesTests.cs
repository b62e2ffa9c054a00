using System.Text.Json;
using WlWebRtc.RemoteInput.Protocol;

namespace WlWebRtc.RemoteInput.Tests.Protocol;

public sealed class StageMessagesTests
{
    [Fact]
    public void Stages_AllKnown_AreRoundedToHundredthsOfAMillisecond()
    {
        var text = System.Text.Encoding.UTF8.GetString(StageMessages.Stages(new ServerStages(2.345678, 1, 6.5, 0.01234, 12.3)).Span);

        Assert.Equal("""{"t":"stages","capture":2.35,"convert":1,"encode":6.5,"send":0.01,"pacing":12.3}""", text);
    }

    [Fact]
    public void Stages_UnknownNegativeOrNotFinite_AreLeftOut()
    {
        using var message = JsonDocument.Parse(StageMessages.Stages(new ServerStages(null, -1, double.NaN, double.PositiveInfinity, 3)));

        Assert.Equal(["t", "pacing"], message.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Stages_LargestValues_StayASmallMessage()
    {
        var stages = new ServerStages(99_999.99, 99_999.99, 99_999.99, 99_999.99, 99_999.99);

        Assert.True(StageMessages.Stages(stages).Length < 128);
    }

    [Fact]
    public void Stages_Idle_CarriesOnlyTheIdleTimeNotTheOldStages()
    {
        var stages = new ServerStages(2.5, 1, 6.5, 0.1, 3) { IdleMilliseconds = 3210.4 };

        var text = System.Text.Encoding.UTF8.GetString(StageMessages.Stages(stages).Span);

        Assert.Equal("""{"t":"stages","idle":3210}""", text);
    }

    [Fact]
    public void Idle_HasAnyWithoutStages()
    {
        var idle = ServerStages.Idle(TimeSpan.FromSeconds(2.5));

        Assert.True(idle.HasAny);
        Assert.Equal(2500, idle.IdleMilliseconds);
        Assert.Null(idle.CaptureMilliseconds);
    }

    [Fact]
    public void Stages_LargestIdle_StaysASmallMessage()
    {
        Assert.True(StageMessages.Stages(ServerStages.Idle(TimeSpan.MaxValue)).Length < 128);
    }
}
