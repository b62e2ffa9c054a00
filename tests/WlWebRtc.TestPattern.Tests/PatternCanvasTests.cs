using WlWebRtc.Capture.TestPattern;
using WlWebRtc.LatencyProbe;

namespace WlWebRtc.TestPattern.Tests;

public sealed class PatternCanvasTests
{
    [Theory]
    [InlineData(1280, 720)]
    [InlineData(1920, 1080)]
    [InlineData(896, 64)]
    public void Draw_BarcodeReadsBack(int width, int height)
    {
        var canvas = new PatternCanvas(width, height);

        canvas.Draw(0x89ABCDEF, 777);

        Assert.True(LatencyBarcode.TryRead(canvas.Pixels, width, height, canvas.Stride, 2, 1, 0, out var time, out var counter));
        Assert.Equal(0x89ABCDEFu, time);
        Assert.Equal((ushort)777, counter);
    }

    [Fact]
    public void Draw_QuadrantsHaveTheirColours()
    {
        var canvas = new PatternCanvas(1280, 720);
        canvas.Draw(1, 0);
        var (midX, midY) = LatencyProbePattern.QuadrantSplit(1280, 720);

        Assert.Equal((255, 0, 0), Rgb(canvas, midX / 2, 16 + 20));
        Assert.Equal((0, 255, 0), Rgb(canvas, midX + 100, 16 + 20));
        Assert.Equal((0, 0, 255), Rgb(canvas, 20, 719));
        Assert.Equal((255, 255, 255), Rgb(canvas, 1279, 719));
        Assert.Equal((255, 255, 255), Rgb(canvas, 1279, midY));
        Assert.Equal((255, 0, 0), Rgb(canvas, midX - 1, midY - 1));
    }

    [Fact]
    public void Draw_StripBeyondBarcodeIsBlack()
    {
        var canvas = new PatternCanvas(1280, 720);
        canvas.Draw(uint.MaxValue, ushort.MaxValue);

        Assert.Equal((0, 0, 0), Rgb(canvas, LatencyBarcode.Width + 5, 8));
        Assert.Equal((0, 0, 0), Rgb(canvas, 1279, 15));
    }

    [Fact]
    public void Draw_BoxMovesAndLeavesNoTrail()
    {
        var canvas = new PatternCanvas(1280, 720);
        canvas.Draw(1, 0);
        var (x0, y) = LatencyProbePattern.BoxPosition(0, 1280, 720);
        Assert.Equal((128, 128, 128), Rgb(canvas, x0 + 1, y + 1));

        canvas.Draw(2, 20);
        var (x1, _) = LatencyProbePattern.BoxPosition(20, 1280, 720);

        Assert.Equal(160, x1);
        Assert.Equal((128, 128, 128), Rgb(canvas, x1 + 63, y + 63));
        // Where the first box was, the quadrant colours are back (red above the split, blue below).
        Assert.Equal((255, 0, 0), Rgb(canvas, x0 + 1, y + 1));
        Assert.Equal((0, 0, 255), Rgb(canvas, x0 + 1, y + 63));
    }

    [Fact]
    public void BoxPosition_WrapsAtWidthMinusBox()
    {
        Assert.Equal(0, LatencyProbePattern.BoxPosition((1280 - 64) / 8, 1280, 720).X);
        Assert.Equal((720 - 64) / 2, LatencyProbePattern.BoxPosition(3, 1280, 720).Y);
    }

    private static (int R, int G, int B) Rgb(PatternCanvas canvas, int x, int y)
    {
        var i = (y * canvas.Stride) + (x * 4);
        return (canvas.Pixels[i + 2], canvas.Pixels[i + 1], canvas.Pixels[i]);
    }
}
