using WlWebRtc.Capture;
using WlWebRtc.Host.Configuration;
using WlWebRtc.Host.Streaming.Display;
using WlWebRtc.RemoteInput.Display;

namespace WlWebRtc.Host.Tests.Streaming.Display;

public sealed class OutputSizePolicyTests
{
    private static readonly DisplayOptions Bounds = DisplayOptions.Default with { FollowViewer = true };

    [Fact]
    public void Fit_HiDpiStage_GetsDevicePixelsAtTheRatio() =>
        Assert.Equal(new DesiredOutputSize(2000, 1400, 2), OutputSizePolicy.Fit(new ViewerSize(1000, 700, 2), Bounds));

    [Fact]
    public void Fit_PlainStage_GetsItsSizeAtScaleOne() =>
        Assert.Equal(new DesiredOutputSize(1280, 720, 1), OutputSizePolicy.Fit(new ViewerSize(1280, 720, 1), Bounds));

    [Fact]
    public void Fit_StageBeyondTheMaximum_ShrinksAsAWholeWithTheScale()
    {
        // 3000x2000 CSS at 2 = 6000x4000 px: shrunk by 0.54 to 3240x2160, scale 1.08, so the logical size stays 3000x2000
        var size = OutputSizePolicy.Fit(new ViewerSize(3000, 2000, 2), Bounds);
        Assert.Equal(new DesiredOutputSize(3240, 2160, 1.08), size);
    }

    [Fact]
    public void Fit_TinyStage_IsHeldAtTheMinimumPerSide()
    {
        var size = OutputSizePolicy.Fit(new ViewerSize(300, 900, 1), Bounds);
        Assert.Equal(640, size.Width);
        Assert.Equal(900, size.Height);
        Assert.Equal(1, size.Scale);
    }

    [Fact]
    public void Fit_OddPixelSizes_BecomeEven()
    {
        var size = OutputSizePolicy.Fit(new ViewerSize(1001, 701, 1.5), Bounds);
        Assert.Equal(0, size.Width % 2);
        Assert.Equal(0, size.Height % 2);
        Assert.Equal(1502, size.Width);
        Assert.Equal(1052, size.Height);
    }

    [Fact]
    public void Fit_OddBounds_StayInside()
    {
        var bounds = new DisplayOptions(true, 641, 481, 1001, 801);
        var small = OutputSizePolicy.Fit(new ViewerSize(100, 100, 1), bounds);
        var large = OutputSizePolicy.Fit(new ViewerSize(5000, 5000, 1), bounds);
        Assert.Equal((642, 482), (small.Width, small.Height));
        Assert.Equal((802, 800), (large.Width, large.Height)); // shrunk as a whole to 801x801; even: 802 fits under 1001, 802 not under 801
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(0.5)]
    public void Fit_ZoomedOutStage_KeepsScaleOne(double ratio) =>
        Assert.Equal(1, OutputSizePolicy.Fit(new ViewerSize(2000, 1200, ratio), Bounds).Scale);

    [Fact]
    public void Fit_VeryHighRatio_IsCappedAtTheMaximumScale() =>
        Assert.Equal(OutputSizePolicy.MaxScale, OutputSizePolicy.Fit(new ViewerSize(320, 240, 8), Bounds with { MaxWidth = 8192, MaxHeight = 8192 }).Scale);
}
