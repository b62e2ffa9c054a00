using System.Globalization;
using WlWebRtc.Gnome.Tests.Support;
using WlWebRtc.Media;
using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Gnome.Tests;

/// <summary>Mutter's <c>cursor-mode</c> metadata: the cursor travels beside the frames (the PipeWire cursor meta), not in them.</summary>
[Collection(MutterGroup.Name)]
public sealed class CursorMetadataTests(SmallMutter mutter)
{
    private const int Box = 48;

    [Fact]
    public async Task CreateSourceAsync_DefaultCursorMode_PositionsArriveAsMetadataAndFramesHaveNoCursor()
    {
        await using var moved = await GnomePlugins.CaptureAsync(mutter);
        var metadata = new FrameSink();
        await moved.StartAsync(metadata, CancellationToken.None);
        await using var input = await GnomePlugins.InjectorAsync(mutter, moved, SmallMutter.Width, SmallMutter.Height);

        // positions only: mutter 43 sends no bitmap until the sprite changes when its pointer appeared after the cast
        // started, and even then not always (CursorEndToEndTests waits for foot's I-beam)
        await input.MovePointerAbsoluteAsync(0.25, 0.25, CancellationToken.None);
        await GnomePlugins.WaitUntilAsync(() => metadata.Cursor is { Visible: true } c && Near(c, 160, 120), "the cursor at (160, 120)", () => Describe(metadata));
        await input.MovePointerAbsoluteAsync(0.5, 0.75, CancellationToken.None);
        await GnomePlugins.WaitUntilAsync(() => metadata.Cursor is { Visible: true } c && Near(c, 320, 360), "the cursor at (320, 360)", () => Describe(metadata));

        // a new session's first frame shows the screen as it is: with the cursor at (320, 360) when embedded only
        var embedded = await FirstFrameAsync("embedded");
        var withoutCursor = await FirstFrameAsync("metadata");
        var (inside, outside) = Differences(embedded, withoutCursor, (320, 360));
        Assert.True(inside > 10 && outside == 0, $"{inside} pixels differ at the cursor, {outside} elsewhere");
    }

    private async Task<FrameSink.Snapshot> FirstFrameAsync(string cursorMode)
    {
        await using var source = await GnomePlugins.CaptureAsync(mutter, new Dictionary<string, string?> { ["cursor_mode"] = cursorMode });
        var sink = new FrameSink();
        await source.StartAsync(sink, CancellationToken.None);
        await GnomePlugins.WaitUntilAsync(() => sink.Count > 0, "the first frame with cursor_mode " + cursorMode);
        return sink.Latest!;
    }

    private static (int Inside, int Outside) Differences(FrameSink.Snapshot a, FrameSink.Snapshot b, (int X, int Y) spot)
    {
        var inside = 0;
        var outside = 0;
        for (var y = 0; y < a.Height; y++)
        {
            for (var x = 0; x < a.Width; x++)
            {
                if (a.Pixel(x, y) != b.Pixel(x, y))
                {
                    var near = x >= spot.X - 8 && x < spot.X + Box && y >= spot.Y - 8 && y < spot.Y + Box;
                    inside += near ? 1 : 0;
                    outside += near ? 0 : 1;
                }
            }
        }

        return (inside, outside);
    }

    private static bool Near(CursorInfo cursor, int x, int y) => Math.Abs(cursor.X - x) <= 1 && Math.Abs(cursor.Y - y) <= 1;

    private static string Describe(FrameSink sink)
    {
        var cursor = sink.Cursor;
        var image = sink.CursorImage;
        var position = cursor is null ? "none" : string.Create(CultureInfo.InvariantCulture, $"({cursor.X}, {cursor.Y}) visible {cursor.Visible}");
        var shape = image is null ? "none" : CursorShapes.Describe(image.Bitmap.Span, image.BitmapWidth, image.BitmapHeight, image.HotspotX, image.HotspotY);
        return string.Create(CultureInfo.InvariantCulture, $"{sink.Count} frames, cursor {position}, {sink.CursorImages} images, last {shape}");
    }
}
