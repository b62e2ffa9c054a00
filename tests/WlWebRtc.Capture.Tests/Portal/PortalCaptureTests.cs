using System.Collections.Concurrent;
using WlWebRtc.Portal.Session;
using WlWebRtc.Capture.Tests.Desktop;
using WlWebRtc.Capture.Tests.PipeWire;
using WlWebRtc.DBus.Portals;
using WlWebRtc.Media;
using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Capture.Tests.Portal;

/// <summary>
/// The whole plugin (ScreenCast portal handshake on the session bus + PipeWire) against the shared headless desktop:
/// sway, xdg-desktop-portal, xdg-desktop-portal-wlr (max_fps 30), PipeWire, WirePlumber. Frames are damage-driven,
/// so every test changes the screen during the cast.
/// </summary>
[Collection(DesktopGroup.Name)]
public sealed class PortalCaptureTests(HeadlessDesktop desktop)
{
    private static readonly TimeSpan Patience = PortalCaptures.Patience;

    [Fact]
    public async Task CreateSourceAsync_SolidBackground_FrameIsPixelExact()
    {
        await desktop.SetBackgroundAsync("#204060");
        var sink = new RecordingSink();
        var matching = new TaskCompletionSource<(byte[] Bytes, int Width, int Height, int Stride, PixelFormat Format)>(TaskCreationOptions.RunContinuationsAsynchronously);
        sink.Inspect = frame =>
        {
            var bytes = frame.GetBytes();
            var plane = frame.Planes[0];
            // the first frame showing the new colour at its first pixel
            if (bytes[plane.Offset] == 0x34 && bytes[plane.Offset + 1] == 0xab && bytes[plane.Offset + 2] == 0x12)
            {
                matching.TrySetResult((bytes.Slice(plane.Offset).ToArray(), frame.Width, frame.Height, plane.Stride, frame.Format));
            }
        };
        await using var source = await PortalCaptures.CreateAsync(desktop);
        await source.StartAsync(sink, CancellationToken.None);

        await desktop.SetBackgroundAsync("#12ab34");
        var (pixels, width, height, stride, format) = await matching.Task.WaitAsync(Patience);

        Assert.Equal((desktop.OutputSize.Width, desktop.OutputSize.Height), (width, height));
        Assert.True(format is PixelFormat.Bgrx or PixelFormat.Bgra, $"format {format}");
        var wrong = 0;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var at = (y * stride) + (x * 4);
                if (pixels[at] != 0x34 || pixels[at + 1] != 0xab || pixels[at + 2] != 0x12)
                {
                    wrong++;
                }
            }
        }

        Assert.Equal(0, wrong);
    }

    /// <summary>
    /// The rate is read off the frames' own capture timestamps, not a wall-clock window: a <c>Task.Delay</c> window
    /// lasts as long as the scheduler lets it, on a loaded or a fast machine alike, and so measured the test's clock.
    /// </summary>
    [Fact]
    public async Task Capture_ScrollingTerminalAtMaxFps30_DeliversAbout30FramesPerSecond()
    {
        const int MaxFps = 30;
        const int Frames = 60;
        using var terminal = await desktop.StartScrollingTerminalAsync("scroll30").StopAtEnd();
        var stamps = new ConcurrentQueue<long>();
        var sink = new RecordingSink { Inspect = frame => stamps.Enqueue(frame.CaptureTime.MonotonicTimestamp) };
        await using var source = await PortalCaptures.CreateAsync(desktop, maxFps: MaxFps);
        await source.StartAsync(sink, CancellationToken.None);
        await PortalCaptures.WaitUntilAsync(() => stamps.Count >= 5 + Frames + 1, $"{Frames} frames of the scrolling terminal", TimeSpan.FromSeconds(60));

        var window = stamps.Skip(5).Take(Frames + 1).ToArray();
        var span = System.Diagnostics.Stopwatch.GetElapsedTime(window[0], window[^1]);
        var fps = Frames / span.TotalSeconds;

        // at most max_fps (a frame's timestamp may sit up to a frame early in its slot), and not starved
        Assert.InRange(fps, MaxFps / 2.0, MaxFps * 1.1);
    }

    [Fact]
    public async Task Capture_StaticScreen_NoFramesOnceSettled()
    {
        var sink = new RecordingSink();
        await using var source = await PortalCaptures.CreateAsync(desktop);
        await source.StartAsync(sink, CancellationToken.None);
        await desktop.SetBackgroundAsync("#405060");
        await PortalCaptures.WaitUntilAsync(() => sink.Count >= 1, "a frame after the background change");

        // settled: half a second without a frame (the change may take a few frames to finish)
        var last = sink.Count;
        var quiet = System.Diagnostics.Stopwatch.StartNew();
        await PortalCaptures.WaitUntilAsync(
            () =>
            {
                if (sink.Count != last)
                {
                    last = sink.Count;
                    quiet.Restart();
                }

                return quiet.Elapsed > TimeSpan.FromMilliseconds(500);
            },
            "the screen to settle");

        var settled = sink.Count;
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.Equal(settled, sink.Count);
        Assert.False(sink.Stopped.IsCompleted, "the capture stopped on a static screen");
    }

    [Fact]
    public async Task Capture_ResolutionChangesMidStream_FramesKeepFlowingAtTheNewSize()
    {
        var (width, height) = desktop.OutputSize;
        using var terminal = await desktop.StartScrollingTerminalAsync("resize").StopAtEnd();
        var sink = new RecordingSink();
        await using var source = await PortalCaptures.CreateAsync(desktop);
        await source.StartAsync(sink, CancellationToken.None);
        try
        {
            await PortalCaptures.WaitUntilAsync(() => sink.Frames.Any(f => (f.Width, f.Height) == (width, height)), $"a {width}x{height} frame");

            await desktop.SetOutputModeAsync(1920, 1080);

            await PortalCaptures.WaitUntilAsync(() => sink.Frames.Count(f => (f.Width, f.Height) == (1920, 1080)) >= 30, "30 frames at 1920x1080");
            Assert.False(sink.Stopped.IsCompleted, "the capture stopped at the resolution change");
            var large = sink.Frames.Where(f => f.Width == 1920).ToList();
            Assert.All(large, f => Assert.True(f.Height == 1080 && f.Stride >= 1920 * 4, $"frame {f.Width}x{f.Height} stride {f.Stride}"));
            Assert.Equal(1920 * 1080 * 4, source.Capture.Format is { } format ? format.Width * format.Height * 4 : 0);
        }
        finally
        {
            await desktop.SetOutputModeAsync(width, height);
        }
    }

    [Fact]
    public async Task Capture_ConsumerHeldEveryFrameThenReleased_FramesResume()
    {
        using var terminal = await desktop.StartScrollingTerminalAsync("hold").StopAtEnd();
        var sink = new RecordingSink { HoldFrames = true };
        await using var source = await PortalCaptures.CreateAsync(desktop);
        await source.StartAsync(sink, CancellationToken.None);
        await PortalCaptures.WaitUntilAsync(() => sink.Held.Count >= source.Capture.MaxOutstanding, "the consumer to hold every frame it may");
        await Task.Delay(1000); // the producer keeps producing meanwhile; we keep at most MaxOutstanding + 1

        Assert.Equal(source.Capture.MaxOutstanding, sink.Held.Count);
        sink.HoldFrames = false;
        var before = sink.Count;
        sink.ReleaseHeld();

        await PortalCaptures.WaitUntilAsync(() => sink.Count >= before + 30, $"30 new frames after releasing the held ones ({source.Capture.BufferCount} buffers, {source.Capture.MaxOutstanding} may be held, {source.Capture.DequeuedCount} dequeued, {source.Capture.QueuedCount} queued back)");

        // every buffer taken from PipeWire went back with pw_stream_queue_buffer: superseded, dropped, released, and the pending one at stop
        await source.StopAsync(CancellationToken.None);
        Assert.Equal(0, source.Capture.QueueFailures);
        Assert.Equal(source.Capture.DequeuedCount, source.Capture.QueuedCount);
    }

    [Fact]
    public async Task CreateSourceAsync_SecondCapture_ReusesTheStoredRestoreToken()
    {
        var state = PortalCaptures.NewStateDirectory();
        var tokenFile = Path.Combine(state, "wlwebrtc", "screencast.restore-token");
        using var monitor = desktop.StartProcess("dbus-monitor", "dbus-monitor", "--session", "type='method_call',interface='org.freedesktop.portal.ScreenCast',member='SelectSources'").StopAtEnd();
        await Task.Delay(500); // dbus-monitor registers itself

        string first;
        await using (var source = await PortalCaptures.CreateAsync(desktop, stateDirectory: Path.Combine(state, "wlwebrtc")))
        {
            first = source.Session.RestoreToken ?? throw new InvalidOperationException("The portal gave no restore token for persist_mode=2.");
            Assert.Equal(first, File.ReadAllText(tokenFile).Trim());
        }

        await using (var second = await PortalCaptures.CreateAsync(desktop, stateDirectory: Path.Combine(state, "wlwebrtc")))
        {
            var sink = new RecordingSink();
            await second.StartAsync(sink, CancellationToken.None);
            await desktop.SetBackgroundAsync("#506070");
            await PortalCaptures.WaitUntilAsync(() => sink.Count >= 1, "a frame from the restored session");
            await PortalCaptures.WaitUntilAsync(() => File.ReadAllText(monitor.Process.LogPath).Contains(first, StringComparison.Ordinal), "SelectSources carrying the stored token");
            Assert.NotNull(second.Session.RestoreToken);
            Assert.Equal(second.Session.RestoreToken, File.ReadAllText(tokenFile).Trim());
        }
    }

    [Fact]
    public async Task Capture_PortalConnectionDropped_StoppedWithClearError()
    {
        using var terminal = await desktop.StartScrollingTerminalAsync("drop").StopAtEnd();
        var sink = new RecordingSink();
        await using var source = await PortalCaptures.CreateAsync(desktop);
        await source.StartAsync(sink, CancellationToken.None);
        await PortalCaptures.WaitUntilAsync(() => sink.Count >= 1, "the first frame");
        var feature = ((ICaptureSource)source).GetFeature<IPortalScreenCastFeature>();
        Assert.NotNull(feature);

        await feature.Connection.DisposeAsync();

        var failure = await sink.Stopped.WaitAsync(Patience);
        Assert.NotNull(failure);
        Assert.Contains("D-Bus connection to the portal was lost", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetFeature_PortalSource_OffersTheStartedSession()
    {
        await using var source = await PortalCaptures.CreateAsync(desktop);

        var feature = ((ICaptureSource)source).GetFeature<IPortalScreenCastFeature>();

        Assert.NotNull(feature);
        Assert.StartsWith("/org/freedesktop/portal/desktop/session/", feature.SessionHandle, StringComparison.Ordinal);
        Assert.NotEmpty(feature.Streams);
        Assert.Equal(CursorModes.Embedded, feature.CursorMode); // xdpw offers hidden and embedded, no metadata
        Assert.False(feature.Closed.IsCompleted);
    }
}
