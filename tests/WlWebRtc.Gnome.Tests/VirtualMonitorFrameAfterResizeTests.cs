using System.Globalization;
using WlWebRtc.Capture;
using WlWebRtc.Gnome.Tests.Support;

namespace WlWebRtc.Gnome.Tests;

/// <summary>
/// After a resize, a still virtual monitor (nothing moves, the cursor travels as metadata) must still send a frame of
/// its new size: Mutter draws one only when it had a buffer free as the monitor changed, else at the next damage.
/// </summary>
[Collection(MutterGroup.Name)]
public sealed class VirtualMonitorFrameAfterResizeTests(SmallMutter mutter)
{
    [Fact]
    public async Task ResizeAsync_StillScreenSeveralTimes_AFrameOfEachSizeArrives()
    {
        await using var source = await GnomePlugins.CaptureAsync(mutter, new Dictionary<string, string?> { ["mode"] = "virtual" });
        var sink = new FrameSink();
        await source.StartAsync(sink, CancellationToken.None);
        await GnomePlugins.WaitUntilAsync(() => sink.Count > 0, "a frame of the virtual monitor");
        var output = Assert.IsAssignableFrom<IResizableOutput>(((ICaptureSource)source).GetFeature<IResizableOutput>());

        foreach (var (width, height) in new[] { (800, 600), (1024, 768), (720, 480), (1280, 720), (640, 480), (960, 540) })
        {
            await output.ResizeAsync(new DesiredOutputSize(width, height, 1), CancellationToken.None);
            await GnomePlugins.WaitUntilAsync(
                () => sink.Latest is { } frame && frame.Width == width && frame.Height == height,
                string.Create(CultureInfo.InvariantCulture, $"a {width}x{height} frame with nothing moving"),
                () => $"latest frame {sink.Latest?.Width}x{sink.Latest?.Height}, {sink.Count} frames");
        }

        Assert.False(sink.Stopped.IsCompleted);
    }
}
