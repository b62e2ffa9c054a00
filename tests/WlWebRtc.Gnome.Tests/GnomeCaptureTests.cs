using WlWebRtc.Gnome.Capture;
using WlWebRtc.Gnome.Input;
using WlWebRtc.Gnome.Mutter;
using WlWebRtc.Gnome.Tests.Support;
using WlWebRtc.Media;
using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Gnome.Tests;

[Collection(MutterGroup.Name)]
public sealed class GnomeCaptureTests(SmallMutter mutter)
{
    [Fact]
    public async Task ProbeAsync_MutterRunning_FindsScreenCastAndRemoteDesktop()
    {
        var capture = await new GnomeCapturePlugin(GnomePlugins.EnvironmentOf(mutter)).ProbeAsync(GnomePlugins.Context(), CancellationToken.None);
        var input = await new GnomeInputPlugin(GnomePlugins.EnvironmentOf(mutter)).ProbeAsync(GnomePlugins.Context(), CancellationToken.None);

        Assert.True(capture.IsAvailable, capture.Reason);
        Assert.Contains("org.gnome.Mutter.ScreenCast v", capture.Reason, StringComparison.Ordinal);
        Assert.True(input.IsAvailable, input.Reason);
        Assert.Contains("org.gnome.Mutter.RemoteDesktop v", input.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_InvalidSettings_UnavailableNamingEveryError()
    {
        var settings = new Dictionary<string, string?> { ["mode"] = "window", ["cursor_mode"] = "sometimes" };

        var result = await new GnomeCapturePlugin(GnomePlugins.EnvironmentOf(mutter)).ProbeAsync(GnomePlugins.Context(settings), CancellationToken.None);

        Assert.False(result.IsAvailable);
        Assert.Contains("mode: 'window'", result.Reason, StringComparison.Ordinal);
        Assert.Contains("cursor_mode: 'sometimes'", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateSourceAsync_Monitor_DeliversFramesOfTheMonitorsSize()
    {
        await using var source = await GnomePlugins.CaptureAsync(mutter);
        var sink = new FrameSink();

        await source.StartAsync(sink, CancellationToken.None);
        await GnomePlugins.WaitUntilAsync(() => sink.Count > 0, "a frame from mutter");

        var frame = sink.Latest!;
        Assert.Equal((SmallMutter.Width, SmallMutter.Height), (frame.Width, frame.Height));
        Assert.Contains(frame.Format, new[] { PixelFormat.Bgrx, PixelFormat.Bgra });
        Assert.Equal(HeadlessMutter.ConnectorName, source.Session.Connector);
        Assert.Equal((SmallMutter.Width, SmallMutter.Height), source.Session.StreamSize);
        Assert.Contains("Meta-0", source.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateSourceAsync_Virtual_DeliversFramesOfANewVirtualMonitor()
    {
        await using var source = await GnomePlugins.CaptureAsync(mutter, new Dictionary<string, string?> { ["mode"] = "virtual" });
        var sink = new FrameSink();

        await source.StartAsync(sink, CancellationToken.None);
        await GnomePlugins.WaitUntilAsync(() => sink.Count > 0, "a frame of the virtual monitor");

        Assert.Null(source.Session.Connector);
        Assert.Contains("virtual monitor", source.Description, StringComparison.Ordinal);
        Assert.True(sink.Latest!.Width > 0 && sink.Latest.Height > 0);
    }

    [Fact]
    public async Task CreateSourceAsync_UnknownConnector_FailsNamingIt()
    {
        var settings = new Dictionary<string, string?> { ["connector"] = "HDMI-9" };

        var failure = await Assert.ThrowsAnyAsync<Exception>(async () => await GnomePlugins.CaptureAsync(mutter, settings));

        Assert.Contains("HDMI-9", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionClosed_ByMutter_CaptureStopsWithAFailureSayingSo()
    {
        await using var source = await GnomePlugins.CaptureAsync(mutter);
        var sink = new FrameSink();
        await source.StartAsync(sink, CancellationToken.None);
        await GnomePlugins.WaitUntilAsync(() => sink.Count > 0, "a frame from mutter");

        // Stop on the session's own connection without the source knowing: to the source, mutter closed it
        await source.Session.CallRemoteDesktopAsync("Stop", "", [], CancellationToken.None);
        var stopped = await sink.Stopped.WaitAsync(GnomePlugins.Patience);

        Assert.NotNull(stopped);
        Assert.Contains("mutter closed the", stopped.Message, StringComparison.Ordinal);
        Assert.False(source.Session.ClosedByUs);
    }

    [Fact]
    public async Task DisposeAsync_RunningCapture_StopsTheMutterSession()
    {
        var source = await GnomePlugins.CaptureAsync(mutter);
        var sink = new FrameSink();
        await source.StartAsync(sink, CancellationToken.None);
        await GnomePlugins.WaitUntilAsync(() => sink.Count > 0, "a frame from mutter");
        var session = source.Session;

        await source.DisposeAsync();

        Assert.True(session.Closed.IsCompleted);
        Assert.True(session.ClosedByUs);
        Assert.Null(await sink.Stopped.WaitAsync(GnomePlugins.Patience));
    }
}
