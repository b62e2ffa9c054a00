using System.Globalization;
using System.Text.RegularExpressions;
using WlWebRtc.Gnome.Tests.Support;
using WlWebRtc.Input;

namespace WlWebRtc.Gnome.Tests;

/// <summary>
/// Touch through Mutter's RemoteDesktop (NotifyTouchDown/Motion/Up) seen by a Wayland client: wev on headless mutter
/// prints the wl_touch events it gets, in surface coordinates, and its wl_pointer motion shows where its surface is.
/// </summary>
[Collection(MutterGroup.Name)]
public sealed partial class GnomeTouchTests(SmallMutter mutter)
{
    [Fact]
    public async Task TouchDownMotionUp_AtAStreamPosition_ClientGetsTheTouchThere()
    {
        await using var source = await GnomePlugins.CaptureAsync(mutter);
        await using var input = await GnomePlugins.InjectorAsync(mutter, source, SmallMutter.Width, SmallMutter.Height);
        var touch = Assert.IsAssignableFrom<ITouchInjector>(input);
        using var wev = mutter.StartProcess("wev", "stdbuf", "-oL", "wev", "-f", "wl_pointer:motion", "-f", "wl_touch");

        // where wev's surface is: the pointer moved to the middle of the stream arrives at these surface coordinates
        (double X, double Y) offset = default;
        var flip = 0;
        await GnomePlugins.WaitUntilAsync(
            () =>
            {
                flip ^= 1;
                input.MovePointerAbsoluteAsync(0.5 + (flip / 640.0), 0.5, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                Thread.Sleep(200);
                if (LastMatch(File.ReadAllText(wev.LogPath), PointerMotion()) is not { } seen)
                {
                    return false;
                }

                // the stream's last pixel is width - 1 (the injector's scale)
                offset = (((0.5 + (flip / 640.0)) * (SmallMutter.Width - 1)) - seen.X, (0.5 * (SmallMutter.Height - 1)) - seen.Y);
                return true;
            },
            "wev's pointer motion",
            () => $"wev running: {wev.IsRunning}; log: {wev.LogTail(5)}");

        // the seat gains its touch capability at the first touch event (as the keyboard at the first key), and wev
        // binds wl_touch only then: the sequence is repeated until wev has seen a whole one
        var tries = 0;
        await GnomePlugins.WaitUntilAsync(
            () =>
            {
                tries++;
                Run(touch.TouchDownAsync(0, 0.55, 0.45, CancellationToken.None));
                Run(touch.TouchMotionAsync(0, 0.6, 0.4, CancellationToken.None));
                Run(touch.TouchUpAsync(0, CancellationToken.None));
                Thread.Sleep(300);
                return File.ReadAllText(wev.LogPath).Contains("wl_touch] up", StringComparison.Ordinal);
            },
            "wev's touch up",
            () => wev.LogTail(8));
        Assert.InRange(tries, 1, 3);
        var log = File.ReadAllText(wev.LogPath);
        var down = LastMatch(log, TouchDown()) ?? throw new InvalidOperationException("no touch down in: " + wev.LogTail(8));
        var motion = LastMatch(log, TouchMotion()) ?? throw new InvalidOperationException("no touch motion in: " + wev.LogTail(8));
        AssertNear((0.55 * (SmallMutter.Width - 1)) - offset.X, (0.45 * (SmallMutter.Height - 1)) - offset.Y, down);
        AssertNear((0.6 * (SmallMutter.Width - 1)) - offset.X, (0.4 * (SmallMutter.Height - 1)) - offset.Y, motion);
    }

    private static void Run(ValueTask call) => call.AsTask().GetAwaiter().GetResult();

    private static void AssertNear(double x, double y, (double X, double Y) seen) =>
        Assert.True(Math.Abs(seen.X - x) <= 1 && Math.Abs(seen.Y - y) <= 1, string.Create(CultureInfo.InvariantCulture, $"expected about ({x:0.0}, {y:0.0}), wev saw ({seen.X:0.0}, {seen.Y:0.0})"));

    private static (double X, double Y)? LastMatch(string log, Regex pattern)
    {
        var matches = pattern.Matches(log);
        return matches.Count == 0
            ? null
            : (double.Parse(matches[^1].Groups["x"].Value, CultureInfo.InvariantCulture), double.Parse(matches[^1].Groups["y"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"wl_pointer\] motion:.*?x, y: (?<x>[-\d.]+), (?<y>[-\d.]+)")]
    private static partial Regex PointerMotion();

    [GeneratedRegex(@"wl_touch\] down:.*?x, y: (?<x>[-\d.]+), (?<y>[-\d.]+)")]
    private static partial Regex TouchDown();

    [GeneratedRegex(@"wl_touch\] motion:.*?x, y: (?<x>[-\d.]+), (?<y>[-\d.]+)")]
    private static partial Regex TouchMotion();
}
