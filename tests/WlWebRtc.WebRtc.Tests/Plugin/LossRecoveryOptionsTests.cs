using Microsoft.Extensions.Configuration;
using WlWebRtc.Transport.WebRtc.Plugin;
using WlWebRtc.Transport.WebRtc.Sdp;
using WlWebRtc.Transport.WebRtc.Session;

namespace WlWebRtc.WebRtc.Tests.Plugin;

public sealed class LossRecoveryOptionsTests
{
    [Fact]
    public void Read_Defaults_AdaptiveFromRoundTripAndTwiceFromThreePercent()
    {
        var (options, keys) = Read([]);

        Assert.Empty(keys);
        Assert.True(options.AdaptivePlayoutDelay);
        Assert.Null(options.PlayoutDelayOnLoss);
        Assert.Equal(0.03, options.RetransmitTwiceLoss);
    }

    [Theory]
    [InlineData("auto", "0", true, 0)]
    [InlineData("OFF", "0.5", false, 0)]
    [InlineData("150", "1", true, 150)]
    public void Read_ValidValues_AreTaken(string onLoss, string twice, bool adaptive, int fixedMs)
    {
        var (options, keys) = Read(new() { ["playout_delay_on_loss"] = onLoss, ["retransmit_twice_loss"] = twice });

        Assert.Empty(keys);
        Assert.Equal(adaptive, options.AdaptivePlayoutDelay);
        Assert.Equal(fixedMs == 0 ? null : TimeSpan.FromMilliseconds(fixedMs), options.PlayoutDelayOnLoss);
        Assert.Equal(double.Parse(twice, System.Globalization.CultureInfo.InvariantCulture), options.RetransmitTwiceLoss);
    }

    [Fact]
    public void Read_BadValues_ReportsBothKeys()
    {
        var (_, keys) = Read(new() { ["playout_delay_on_loss"] = "5", ["retransmit_twice_loss"] = "2" });

        Assert.Equal(["playout_delay_on_loss", "retransmit_twice_loss"], keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Video_FixedDelayOnLoss_ReachesTheSenderOptionsAndValidates()
    {
        var video = new NegotiatedVideo("0", 102, 103, "42e01f", 2, 3, 4, true, true, true, false, true, true);

        var options = SessionMediaOptions.Video(video, 1, 2, "c", 1200, 1_000_000, loss: new LossRecoveryOptions { PlayoutDelayOnLoss = TimeSpan.FromMilliseconds(120), RetransmitTwiceLoss = 0.05 });

        Assert.Empty(options.Validate());
        Assert.True(options.PlayoutDelayAdaptive);
        Assert.Equal(TimeSpan.FromMilliseconds(120), options.PlayoutDelayOnLoss);
        Assert.Equal(0.05, options.RetransmitTwiceLoss);
    }

    private static (LossRecoveryOptions Options, string[] Keys) Read(Dictionary<string, string?> values)
    {
        var (options, errors) = WebRtcTransportOptions.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        return (options.LossRecovery, errors.Select(e => e.Key).ToArray());
    }
}
