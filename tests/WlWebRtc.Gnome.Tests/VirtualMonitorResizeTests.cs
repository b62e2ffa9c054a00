using System.Globalization;
using WlWebRtc.Capture;
using WlWebRtc.DBus;
using WlWebRtc.Gnome.Mutter;
using WlWebRtc.Gnome.Mutter.DisplayConfig;
using WlWebRtc.Gnome.Tests.Support;
using WlWebRtc.Input;

namespace WlWebRtc.Gnome.Tests;

/// <summary>A Mutter virtual monitor (RecordVirtual) sized to the viewer through <see cref="IResizableOutput"/>, on real headless mutter.</summary>
[Collection(MutterGroup.Name)]
public sealed class VirtualMonitorResizeTests(SmallMutter mutter)
{
    private const int Box = 48;

    private static readonly Dictionary<string, string?> Virtual = new() { ["mode"] = "virtual", ["cursor_mode"] = "embedded" };

    [Fact]
    public async Task GetFeature_Monitor_NotResizable()
    {
        await using var source = await GnomePlugins.CaptureAsync(mutter);

        Assert.Null(((ICaptureSource)source).GetFeature<IResizableOutput>());
    }

    [Fact]
    public async Task ResizeAsync_StageOf1000x700AtRatio2ThenSmaller_FramesAndInputFollowWithoutAReconnect()
    {
        await using var source = await GnomePlugins.CaptureAsync(mutter, Virtual);
        var sink = new FrameSink();
        await source.StartAsync(sink, CancellationToken.None);
        await GnomePlugins.WaitUntilAsync(() => sink.Count > 0, "a frame of the virtual monitor");
        var output = Assert.IsAssignableFrom<IResizableOutput>(((ICaptureSource)source).GetFeature<IResizableOutput>());
        await using var input = await GnomePlugins.InjectorAsync(mutter, source, 1, 1);

        // what the host's policy makes of a 1000x700 CSS px stage at devicePixelRatio 2
        await output.ResizeAsync(new DesiredOutputSize(2000, 1400, 2), CancellationToken.None);
        Assert.Equal((2000, 1400), source.Session.StreamSize);
        Assert.Equal(2.0, await VirtualScaleAsync(2000, 1400));
        await WaitForCursorAsync(input, sink, 2000, 1400, 0.75, 0.75);

        await output.ResizeAsync(new DesiredOutputSize(800, 600, 1), CancellationToken.None);
        Assert.Equal((800, 600), source.Session.StreamSize);
        Assert.Equal(1.0, await VirtualScaleAsync(800, 600));
        await WaitForCursorAsync(input, sink, 800, 600, 0.25, 0.5);

        Assert.False(sink.Stopped.IsCompleted);
    }

    /// <summary>The scale of the virtual monitor of that size in Mutter's monitor configuration (DisplayConfig.GetCurrentState).</summary>
    private async Task<double> VirtualScaleAsync(int width, int height)
    {
        await using var bus = await GnomePlugins.EnvironmentOf(mutter).ConnectAsync(new DBusConnectionOptions(), CancellationToken.None);
        var reply = await bus.CallMethodAsync(MutterNames.DisplayConfig, MutterNames.DisplayConfigPath, MutterNames.DisplayConfig, "GetCurrentState");
        var state = DisplayState.Parse(reply.Body);
        var monitor = Assert.Single(state.Monitors, m => m.Product == DisplayState.VirtualProduct && m.CurrentMode is { } mode && mode.Width == width && mode.Height == height);
        return Assert.Single(state.LogicalMonitors, l => l.Connectors.Contains(monitor.Connector)).Scale;
    }

    /// <summary>
    /// Moves the pointer to a start point, waits for a settled frame of the size, then to (x, y): a frame of the size
    /// must show the cursor drawn in the target's box (mutter's background is a gradient, so the cursor is found by
    /// what changed). Moves are repeated a pixel apart while no
    /// frame of the size comes (after a resize Mutter draws at the next damage).
    /// </summary>
    private static async Task WaitForCursorAsync(IInputInjector input, FrameSink sink, int width, int height, double x, double y)
    {
        var from = (0.5, 0.25);
        var nudge = 0;
        await GnomePlugins.WaitUntilAsync(
            () =>
            {
                nudge ^= 1;
                input.MovePointerAbsoluteAsync(from.Item1 + (nudge / (double)width), from.Item2, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                Thread.Sleep(300);
                return sink.Latest is { } frame && frame.Width == width && frame.Height == height;
            },
            string.Create(CultureInfo.InvariantCulture, $"a {width}x{height} frame"),
            () => $"latest frame {sink.Latest?.Width}x{sink.Latest?.Height}");
        var before = await SettledAsync(sink);
        var was = Spot(from.Item1, from.Item2);
        var spot = Spot(x, y);

        (int Inside, int Left, int Outside) Changes()
        {
            if (sink.Latest is not { } frame || frame.Width != width || frame.Height != height || frame.Sequence == before.Sequence)
            {
                return (0, 0, 0);
            }

            var inside = 0;
            var left = 0;
            var outside = 0;
            for (var row = 0; row < height; row++)
            {
                for (var column = 0; column < width; column++)
                {
                    if (frame.Pixel(column, row) == before.Pixel(column, row))
                    {
                        continue;
                    }

                    if (InBox(column, row, spot))
                    {
                        inside++;
                    }
                    else if (InBox(column, row, was))
                    {
                        left++;
                    }
                    else
                    {
                        outside++;
                    }
                }
            }

            return (inside, left, outside);
        }

        await GnomePlugins.WaitUntilAsync(
            () =>
            {
                var changes = Changes();
                // drawn at the target (where it was before may not show: right after a resize Mutter sometimes
                // skips the frame of the move to the start point, so the settled frame may show no cursor at all)
                if (changes.Inside > 10)
                {
                    return true;
                }

                nudge ^= 1;
                input.MovePointerAbsoluteAsync(x + (nudge / (double)width), y, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                Thread.Sleep(200);
                return false;
            },
            string.Create(CultureInfo.InvariantCulture, $"the cursor to move from {was} to {spot} in a {width}x{height} frame"),
            () => $"latest frame {sink.Latest?.Width}x{sink.Latest?.Height}, changed pixels at the target/where it was/elsewhere {Changes()}");

        (int X, int Y) Spot(double sx, double sy) => ((int)(sx * (width - 1)), (int)(sy * (height - 1)));
    }

    /// <summary>The newest frame once none followed for a moment.</summary>
    private static async Task<FrameSink.Snapshot> SettledAsync(FrameSink sink)
    {
        var seen = sink.Count;
        while (true)
        {
            await Task.Delay(300);
            if (sink.Count == seen)
            {
                return sink.Latest!;
            }

            seen = sink.Count;
        }
    }

    /// <summary>The cursor's box: its hot spot is the top-left tip, the arrow drawn below and right of it.</summary>
    private static bool InBox(int x, int y, (int X, int Y) spot) =>
        x >= spot.X - 4 && x < spot.X + Box && y >= spot.Y - 4 && y < spot.Y + Box;
}
