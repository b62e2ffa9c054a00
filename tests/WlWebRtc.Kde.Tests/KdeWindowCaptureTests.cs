using System.Globalization;
using System.Text.RegularExpressions;
using WlWebRtc.Capture;
using WlWebRtc.Kde.Capture;
using WlWebRtc.Kde.Tests.Support;
using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Kde.Tests;

/// <summary>
/// Windows as a selectable source on real KWin 5.27: the picker's list holds wev's window (uuid from
/// org_kde_plasma_window_management), a window cast (stream_window) delivers frames of the window alone, absolute
/// pointer motion maps onto the window's place on the desktop, and a closing window sends the capture back to the output.
/// </summary>
[Collection(KwinGroup.Name)]
public sealed partial class KdeWindowCaptureTests(GrantedKwin kwin)
{
    [Fact]
    public async Task ListOutputsAsync_WevOpen_ListsTheOutputThenWevsWindow()
    {
        using var wev = await WevWindow.StartAsync(kwin);
        await using var source = await KdePlugins.CaptureAsync(kwin);
        var selection = Assert.IsType<IOutputSelection>(source.GetFeature<IOutputSelection>(), exactMatch: false);

        var list = await selection.ListOutputsAsync(CancellationToken.None);

        Assert.Equal(new DesktopOutput("Virtual-0", 0, 0, GrantedKwin.Width, GrantedKwin.Height, 1), list[0]);
        var window = Assert.Single(list, o => o.WindowTitle == "wev");
        Assert.StartsWith(SelectableSource.WindowPrefix + "{", window.Name, StringComparison.Ordinal);
        Assert.InRange(window.Width, 600, 700);
        Assert.InRange(window.Height, 440, 540);
        Assert.Equal("Virtual-0", selection.SelectedOutput);
    }

    [Fact]
    public async Task ConfigWindow_Wev_CastsTheWindowAndPointerMapsOntoItsPlace()
    {
        using var wev = await WevWindow.StartAsync(kwin);
        await using var source = await KdePlugins.CaptureAsync(kwin, new Dictionary<string, string?> { ["method"] = "screenshot", ["window"] = "wev" });
        var selection = source.GetFeature<IOutputSelection>()!;
        var window = Assert.Single(await selection.ListOutputsAsync(CancellationToken.None), o => o.WindowTitle == "wev");
        Assert.Equal(window.Name, selection.SelectedOutput);
        Assert.Contains("KWin window \"wev\" by screencast (node ", source.Description, StringComparison.Ordinal);
        var sink = new FrameSink();

        await source.StartAsync(sink, CancellationToken.None);

        // the frames are the window alone: its size, wev's checkerboard from edge to edge
        await KdePlugins.WaitUntilAsync(() => sink.Frames >= 1 && sink.FindColour(KdeCaptureTests.WevColour) is not null, "frames of wev's window", () => $"{sink.Frames} frames, latest {sink.Latest?.Width}x{sink.Latest?.Height}");
        var latest = sink.Latest!.Value;
        Assert.Equal((window.Width, window.Height), (latest.Width, latest.Height));
        var box = sink.FindColour(KdeCaptureTests.WevColour)!.Value;
        Assert.True(box.Left < 40 && box.Top < 40 && box.Right > latest.Width - 40 && box.Bottom > latest.Height - 40, $"wev's colour covers {box} of {latest.Width}x{latest.Height}");

        // a point a quarter into the picture lands a quarter into wev's surface
        await using var injector = await KdePlugins.InjectorAsync(kwin, source, latest.Width, latest.Height);
        await injector.MovePointerAbsoluteAsync(0.25, 0.75, CancellationToken.None);
        await KdePlugins.WaitUntilAsync(() => wev.Has("wl_pointer", "enter") || LastMotion(wev) is not null, "the pointer in wev's window", wev.Tail);
        await injector.MovePointerAbsoluteAsync(0.25, 0.25, CancellationToken.None);
        var expected = (0.25 * (window.Width - 1), 0.25 * (window.Height - 1));
        await KdePlugins.WaitUntilAsync(() => LastMotion(wev) is { } at && Math.Abs(at.Y - expected.Item2) <= 2, "wev to see the motion a quarter in", wev.Tail);
        var motion = LastMotion(wev)!.Value;
        Assert.InRange(motion.X, expected.Item1 - 2, expected.Item1 + 2);
        await source.StopAsync(CancellationToken.None);
        Assert.Null(sink.Failure);
    }

    [Fact]
    public async Task SelectOutputAsync_WindowThenItCloses_BackToTheOutputSayingWhy()
    {
        var wev = await WevWindow.StartAsync(kwin);
        try
        {
            await using var source = await KdePlugins.CaptureAsync(kwin);
            var selection = source.GetFeature<IOutputSelection>()!;
            var ended = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            source.GetFeature<IOutputSelectionEvents>()!.SelectionEnded += (_, e) => ended.TrySetResult(e.Reason);
            var sink = new FrameSink();
            await source.StartAsync(sink, CancellationToken.None);
            await KdePlugins.WaitUntilAsync(() => sink.Frames > 0, "a frame of the output");
            var window = Assert.Single(await selection.ListOutputsAsync(CancellationToken.None), o => o.WindowTitle == "wev");

            await selection.SelectOutputAsync(window.Name, CancellationToken.None);
            Assert.Equal(window.Name, selection.SelectedOutput);
            await KdePlugins.WaitUntilAsync(() => sink.Latest?.Width == window.Width, "a frame of the window", () => $"latest {sink.Latest?.Width}x{sink.Latest?.Height}");

            wev.Dispose();

            var reason = await ended.Task.WaitAsync(KdePlugins.Patience);
            Assert.StartsWith("the window \"wev\" is no longer shown (", reason, StringComparison.Ordinal);
            Assert.EndsWith("); back to output Virtual-0", reason, StringComparison.Ordinal);
            Assert.Equal("Virtual-0", selection.SelectedOutput);
            await KdePlugins.WaitUntilAsync(() => sink.Latest?.Width == GrantedKwin.Width, "a frame of the output again", () => $"latest {sink.Latest?.Width}x{sink.Latest?.Height}");
            Assert.False(sink.Stopped);
            Assert.DoesNotContain((await selection.ListOutputsAsync(CancellationToken.None)), o => o.Name == window.Name);
            await Assert.ThrowsAnyAsync<Exception>(async () => await selection.SelectOutputAsync(window.Name, CancellationToken.None));
            Assert.Equal("Virtual-0", selection.SelectedOutput);
        }
        finally
        {
            wev.Dispose();
        }
    }

    [Fact]
    public async Task ProbeAsync_FullGrant_SaysWindowsAreSelectable()
    {
        var result = await new KdeCapturePlugin(KdePlugins.EnvironmentOf(kwin)).ProbeAsync(KdePlugins.Context(), CancellationToken.None);

        Assert.True(result.IsAvailable, result.Reason);
        Assert.Contains("; windows selectable too (", result.Reason, StringComparison.Ordinal);
        Assert.Contains(" now, by org_kde_plasma_window_management v16 and stream_window)", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_GrantWithoutWindowManagement_AvailableSayingWhyNoWindows()
    {
        using var old = await HeadlessKwin.StartAsync(new HeadlessDesktopOptions(640, 480), [HeadlessKwin.CurrentExecutable], "org_kde_kwin_fake_input,zkde_screencast_unstable_v1");

        var result = await new KdeCapturePlugin(KdePlugins.EnvironmentOf(old)).ProbeAsync(KdePlugins.Context(KdePlugins.ScreenShots), CancellationToken.None);

        Assert.True(result.IsAvailable, result.Reason);
        Assert.Contains("; no window capture: KWin hides org_kde_plasma_window_management from this executable", result.Reason, StringComparison.Ordinal);
    }

    /// <summary>wev's last pointer motion in surface coordinates.</summary>
    private static (double X, double Y)? LastMotion(WevWindow wev)
    {
        var line = wev.Lines.LastOrDefault(l => l.Contains("wl_pointer] motion", StringComparison.Ordinal));
        var match = line is null ? null : MotionPattern().Match(line);
        return match is { Success: true }
            ? (double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture))
            : null;
    }

    [GeneratedRegex(@"x, y: (-?[0-9.]+), (-?[0-9.]+)")]
    private static partial Regex MotionPattern();
}
