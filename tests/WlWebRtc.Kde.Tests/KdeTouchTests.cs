using System.Globalization;
using System.Text.RegularExpressions;
using WlWebRtc.Input;
using WlWebRtc.Kde.Tests.Support;

namespace WlWebRtc.Kde.Tests;

/// <summary>
/// Touch through org_kde_kwin_fake_input (touch_down/motion/up + touch_frame, since version 2; KWin 5.27 offers 4)
/// seen by wev on KWin as wl_touch events at the window's surface coordinates.
/// </summary>
[Collection(KwinGroup.Name)]
public sealed partial class KdeTouchTests(GrantedKwin kwin)
{
    [Fact]
    public async Task Injector_TouchDownMotionUp_WindowGetsTheTouchWhereTheFingerIs()
    {
        using var wev = await WevWindow.StartAsync(kwin);
        await using var source = await KdePlugins.CaptureAsync(kwin);
        var sink = new FrameSink();
        await source.StartAsync(sink, CancellationToken.None);
        await KdePlugins.WaitUntilAsync(() => sink.FindColour(KdeCaptureTests.WevColour) is not null, "wev's window in a frame", () => $"{sink.Frames} frames, centre pixel {sink.CentrePixel()}");
        var box = sink.FindColour(KdeCaptureTests.WevColour)!.Value;
        await source.StopAsync(CancellationToken.None);

        await using (var injector = await KdePlugins.InjectorAsync(kwin, source, GrantedKwin.Width, GrantedKwin.Height))
        {
            var touch = Assert.IsAssignableFrom<ITouchInjector>(injector);
            var (cx, cy) = ((box.Left + box.Right) / 2, (box.Top + box.Bottom) / 2);

            // KWin's seat gains its touch capability at the first fake touch; a client binds wl_touch only then, too late
            // for that touch: one tap on the empty desktop first (which test runs first in this KWin decides otherwise)
            await touch.TouchDownAsync(9, 0.01, 0.01, CancellationToken.None);
            await touch.TouchUpAsync(9, CancellationToken.None);
            await KdePlugins.WaitUntilAsync(() => wev.Has("wl_seat", "touch"), "wev to see the seat's touch capability", wev.Tail);
            await touch.TouchDownAsync(0, cx / (double)(GrantedKwin.Width - 1), cy / (double)(GrantedKwin.Height - 1), CancellationToken.None);
            await touch.TouchMotionAsync(0, (cx + 10) / (double)(GrantedKwin.Width - 1), (cy + 5) / (double)(GrantedKwin.Height - 1), CancellationToken.None);
            await touch.TouchUpAsync(0, CancellationToken.None);
            await KdePlugins.WaitUntilAsync(() => wev.Has("wl_touch", "up"), "wev to see the touch end", wev.Tail);

            // the motion moved the finger by (10, 5) output pixels: the same in the window's surface coordinates
            var down = Point(TouchDown().Match(wev.Log));
            var motion = Point(TouchMotion().Match(wev.Log));
            Assert.True(Math.Abs(motion.X - down.X - 10) <= 1 && Math.Abs(motion.Y - down.Y - 5) <= 1, $"down {down}, motion {motion}: {wev.Tail()}");
            Assert.InRange(down.X, 0, box.Right - box.Left);
            Assert.InRange(down.Y, 0, box.Bottom - box.Top);

            // a finger still down when the viewer goes is lifted
            await touch.TouchDownAsync(1, cx / (double)(GrantedKwin.Width - 1), cy / (double)(GrantedKwin.Height - 1), CancellationToken.None);
            await KdePlugins.WaitUntilAsync(() => wev.Lines.Count(l => l.Contains("wl_touch] down", StringComparison.Ordinal)) >= 2, "wev to see the second finger", wev.Tail);
        }

        await KdePlugins.WaitUntilAsync(() => wev.Lines.Count(l => l.Contains("wl_touch] up", StringComparison.Ordinal)) >= 2, "the second finger lifted at disposal", wev.Tail);
    }

    private static (double X, double Y) Point(Match match)
    {
        Assert.True(match.Success, "no wl_touch event with coordinates");
        return (double.Parse(match.Groups["x"].Value, CultureInfo.InvariantCulture), double.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"wl_touch\] down:.*?x, y: (?<x>[-\d.]+), (?<y>[-\d.]+)")]
    private static partial Regex TouchDown();

    [GeneratedRegex(@"wl_touch\] motion:.*?x, y: (?<x>[-\d.]+), (?<y>[-\d.]+)")]
    private static partial Regex TouchMotion();
}
