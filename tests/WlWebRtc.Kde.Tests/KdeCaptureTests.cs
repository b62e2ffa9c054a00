using WlWebRtc.Kde.Capture;
using WlWebRtc.Kde.Input;
using WlWebRtc.Kde.Tests.Support;
using WlWebRtc.Media;

namespace WlWebRtc.Kde.Tests;

[Collection(KwinGroup.Name)]
public sealed class KdeCaptureTests(GrantedKwin kwin)
{
    [Fact]
    public async Task ProbeAsync_KwinWithGrant_AvailableNamingThePath()
    {
        var capture = await new KdeCapturePlugin(KdePlugins.EnvironmentOf(kwin)).ProbeAsync(KdePlugins.Context(), CancellationToken.None);
        var input = await new KdeInputPlugin(KdePlugins.EnvironmentOf(kwin)).ProbeAsync(KdePlugins.Context(), CancellationToken.None);

        Assert.True(capture.IsAvailable, capture.Reason);
        Assert.Contains("output Virtual-0 by zkde_screencast_unstable_v1 v", capture.Reason, StringComparison.Ordinal);
        Assert.Contains("falling back to KWin output Virtual-0 1280x720 by ScreenShot2", capture.Reason, StringComparison.Ordinal);
        Assert.Contains("no resize to the viewer", capture.Reason, StringComparison.Ordinal);
        Assert.True(input.IsAvailable, input.Reason);
        Assert.Contains("org_kde_kwin_fake_input v4 granted, pointer and keyboard; clipboard: zwlr_data_control_manager_v1 v2", input.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_UnknownOutput_UnavailableNamingTheOutputs()
    {
        var result = await new KdeCapturePlugin(KdePlugins.EnvironmentOf(kwin)).ProbeAsync(KdePlugins.Context(new Dictionary<string, string?> { ["output"] = "DP-9" }), CancellationToken.None);

        Assert.False(result.IsAvailable);
        Assert.Contains("no output named DP-9 (it has Virtual-0)", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_WindowOnScreen_DeliversFramesOfTheOutputWithTheWindow()
    {
        using var wev = await WevWindow.StartAsync(kwin);
        await using var source = await KdePlugins.CaptureAsync(kwin);
        var sink = new FrameSink();

        await source.StartAsync(sink, CancellationToken.None);
        await KdePlugins.WaitUntilAsync(() => sink.Frames >= 5 && sink.FindColour(WevColour) is not null, "five frames showing wev's window", () => $"{sink.Frames} frames, centre pixel {sink.CentrePixel()}");
        await source.StopAsync(CancellationToken.None);

        var latest = sink.Latest!.Value;
        Assert.Equal((GrantedKwin.Width, GrantedKwin.Height), (latest.Width, latest.Height));
        Assert.True(latest.Format is PixelFormat.Bgra or PixelFormat.Bgrx, latest.Format.ToString());
        var box = sink.FindColour(WevColour)!.Value;
        Assert.InRange(box.Right - box.Left + 1, 600, 660);
        Assert.InRange(box.Bottom - box.Top + 1, 440, 500);
        Assert.True(sink.Stopped);
        Assert.Null(sink.Failure);
    }

    [Fact]
    public async Task ProbeAsync_MethodScreenShot_SaysWhyNoScreenCast()
    {
        var result = await new KdeCapturePlugin(KdePlugins.EnvironmentOf(kwin)).ProbeAsync(KdePlugins.Context(KdePlugins.ScreenShots), CancellationToken.None);

        Assert.True(result.IsAvailable, result.Reason);
        Assert.Contains("by ScreenShot2", result.Reason, StringComparison.Ordinal);
        Assert.Contains("no screencast: method = \"screenshot\"", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_AutoOnKwin527VirtualBackend_FallsBackToScreenShotsShowingTheWindow()
    {
        using var wev = await WevWindow.StartAsync(kwin);
        await using var source = await KdePlugins.CaptureAsync(kwin, new Dictionary<string, string?> { ["method"] = "auto" });
        var fallback = Assert.IsType<FirstFrameFallbackSource>(Assert.IsType<SelectableSource>(source).Shown);
        Assert.Contains("by screencast (node ", source.Description, StringComparison.Ordinal);
        var sink = new FrameSink();

        await source.StartAsync(sink, CancellationToken.None);
        await KdePlugins.WaitUntilAsync(() => sink.FindColour(WevColour) is not null, "a frame showing wev's window", () => $"{sink.Frames} frames, centre pixel {sink.CentrePixel()}");
        await source.StopAsync(CancellationToken.None);

        // KWin 5.27's virtual backend never feeds an output cast: the frames are screenshots
        Assert.True(fallback.FellBack);
        Assert.Contains("by ScreenShot2", source.Description, StringComparison.Ordinal);
        Assert.Equal((GrantedKwin.Width, GrantedKwin.Height), (sink.Latest!.Value.Width, sink.Latest.Value.Height));
        Assert.True(sink.Stopped);
        Assert.Null(sink.Failure);
    }

    [Fact]
    public async Task KwinScreenCast_Output_KwinPublishesAPipeWireNode()
    {
        await using var cast = await KwinScreenCast.StartAsync(Path.Combine(kwin.RuntimeDirectory, kwin.WaylandDisplay), "Virtual-0", KdePlugins.Patience, CancellationToken.None);

        Assert.True(cast.NodeId > 0);
        var nodes = await kwin.RunAsync("pw-cli", ["ls", "Node"]);
        Assert.Contains($"id {cast.NodeId},", nodes.StandardOutput, StringComparison.Ordinal);
        Assert.False(cast.Ended.IsCompleted);
    }

    /// <summary>The dark squares of the checkerboard wev fills its window with (B, G, R); KWin's background is black.</summary>
    internal static readonly (byte B, byte G, byte R) WevColour = (0x66, 0x66, 0x66);
}
