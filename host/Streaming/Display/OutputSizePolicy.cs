using WlWebRtc.Capture;
using WlWebRtc.Host.Configuration;
using WlWebRtc.RemoteInput.Display;

namespace WlWebRtc.Host.Streaming.Display;

/// <summary>
/// Turns a viewer's stage (CSS pixels and devicePixelRatio) into the output size to ask for: the stage's device
/// pixels (1000x700 at ratio 2 → 2000x1400) at the viewer's ratio as the scale, so that the desktop's logical size is
/// the stage's CSS size. A stage beyond the maximum is shrunk as a whole (aspect kept, scale lowered with it); each
/// side is then held within the bounds, and sides are even (4:2:0 video halves them).
/// </summary>
internal static class OutputSizePolicy
{
    public const double MinScale = 1;

    public const double MaxScale = 4;

    public static DesiredOutputSize Fit(ViewerSize stage, DisplayOptions bounds)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        double width = stage.Width * stage.PixelRatio;
        double height = stage.Height * stage.PixelRatio;
        var shrink = Math.Min(1, Math.Min(bounds.MaxWidth / width, bounds.MaxHeight / height));
        width *= shrink;
        height *= shrink;
        var evenWidth = Even(Math.Clamp(width, bounds.MinWidth, bounds.MaxWidth), bounds.MinWidth, bounds.MaxWidth);
        var evenHeight = Even(Math.Clamp(height, bounds.MinHeight, bounds.MaxHeight), bounds.MinHeight, bounds.MaxHeight);
        var scale = Math.Clamp(Math.Round(stage.PixelRatio * shrink, 2), MinScale, MaxScale);
        return new DesiredOutputSize(evenWidth, evenHeight, scale);
    }

    /// <summary>The nearest even side within [min, max] (an odd bound is left for the nearest even inside it).</summary>
    private static int Even(double side, int min, int max)
    {
        var even = (int)Math.Round(side / 2, MidpointRounding.AwayFromZero) * 2;
        if (even > max)
        {
            even -= 2;
        }

        return even < min ? min + (min % 2) : even;
    }
}
