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
}
