using WlWebRtc.Rtp.Bwe;

namespace WlWebRtc.Rtp.Tests.Bwe;

public sealed class LossWindowTests
{
    [Fact]
    public void Add_FewerThanTwoHundredPacketsWithinASecond_NoFraction()
    {
        var window = new LossWindow();

        Assert.Null(window.Add(1, 19, 0));
        Assert.Null(window.Add(2, 177, 500_000));
    }

    [Fact]
    public void Add_TwoHundredPackets_TheirLossFraction()
    {
        var window = new LossWindow();

        window.Add(3, 97, 0);

        Assert.Equal(0.05, window.Add(7, 93, 100_000));
    }

    [Fact]
    public void Add_TwentyPacketsOverASecond_TheirLossFraction()
    {
        var window = new LossWindow();

        window.Add(1, 9, 0);

        Assert.Equal(0.1, window.Add(1, 9, 1_000_000));
    }

    [Fact]
    public void Add_AfterAWindowClosed_StartsAfresh()
    {
        var window = new LossWindow();
        window.Add(100, 100, 0);

        Assert.Null(window.Add(0, 30, 100_000));
        Assert.Equal(0.0, window.Add(0, 170, 200_000));
    }
}
