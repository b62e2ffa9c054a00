using WlWebRtc.Gnome.Capture;
using WlWebRtc.Gnome.Input;
using WlWebRtc.Gnome.Mutter;
using WlWebRtc.Gnome.Tests.Support;
using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Gnome.Tests;

/// <summary>Sessions of their own: a plain bus without mutter, and a mutter that goes away.</summary>
[Collection("own sessions")]
public sealed class MutterAbsentTests
{
    [Fact]
    public async Task ProbeAsync_PlainSessionBus_UnavailableNamingMuttersService()
    {
        using var plain = await HeadlessMutter.StartAsync(new HeadlessDesktopOptions(), withMutter: false);

        var capture = await new GnomeCapturePlugin(GnomePlugins.EnvironmentOf(plain)).ProbeAsync(GnomePlugins.Context(), CancellationToken.None);
        var input = await new GnomeInputPlugin(GnomePlugins.EnvironmentOf(plain)).ProbeAsync(GnomePlugins.Context(), CancellationToken.None);

        Assert.False(capture.IsAvailable);
        Assert.Contains("org.gnome.Mutter.ScreenCast is not on the session bus", capture.Reason, StringComparison.Ordinal);
        Assert.False(input.IsAvailable);
        Assert.Contains("org.gnome.Mutter.RemoteDesktop is not on the session bus", input.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_NoSessionBus_UnavailableSayingSo()
    {
        var environment = new GnomeEnvironment("unix:path=/nonexistent/wlwebrtc-bus", "/nonexistent/pipewire-0");

        var result = await new GnomeCapturePlugin(environment).ProbeAsync(GnomePlugins.Context(), CancellationToken.None);

        Assert.False(result.IsAvailable);
        Assert.Contains("no session bus", result.Reason, StringComparison.Ordinal);
        Assert.Contains("no PipeWire socket at /nonexistent/pipewire-0", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateSourceAsync_PlainSessionBus_FailsNamingMuttersService()
    {
        using var plain = await HeadlessMutter.StartAsync(new HeadlessDesktopOptions(), withMutter: false);

        var failure = await Assert.ThrowsAsync<MutterException>(async () => await GnomePlugins.CaptureAsync(plain));

        Assert.Contains("org.gnome.Mutter.ScreenCast is not on the session bus", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MutterExits_DuringCapture_CaptureStopsWithAFailureSayingSo()
    {
        using var session = await HeadlessMutter.StartAsync(new HeadlessDesktopOptions(320, 240));
        await using var source = await GnomePlugins.CaptureAsync(session);
        var sink = new FrameSink();
        await source.StartAsync(sink, CancellationToken.None);
        await GnomePlugins.WaitUntilAsync(() => sink.Count > 0, "a frame from mutter");

        session.Component("mutter").Stop();
        var stopped = await sink.Stopped.WaitAsync(GnomePlugins.Patience);

        Assert.NotNull(stopped);
        Assert.Contains("mutter", stopped.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task HeadlessMutter_Disposed_LeavesNoProcessOfTheRun()
    {
        var session = await HeadlessMutter.StartAsync(new HeadlessDesktopOptions(320, 240));
        Assert.NotEmpty(session.LiveProcessesOfRun());
        Assert.True(await session.BusHasNameAsync(HeadlessMutter.RemoteDesktopName));

        session.Dispose();

        Assert.Empty(session.LiveProcessesOfRun());
        Assert.False(Directory.Exists(session.RunDirectory));
    }
}
