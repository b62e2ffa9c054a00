using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Media;
using WlWebRtc.RemoteInput.Cursor;
using WlWebRtc.RemoteInput.Protocol;

namespace WlWebRtc.RemoteInput.Tests.Cursor;

public sealed class CursorRelayTests
{
    private readonly List<(string Viewer, JsonElement Message)> _sent = [];
    private readonly CursorRelay _relay;
    private string? _refusing;

    public CursorRelayTests() => _relay = new CursorRelay(Send, NullLogger.Instance);

    [Fact]
    public void OnViewerReady_BeforeAnyCursor_SendsNothing()
    {
        _relay.OnViewerReady("a");

        Assert.Empty(_sent);
    }

    [Fact]
    public void OnCursor_NewBitmap_SendsTheImageThenItsPosition()
    {
        _relay.OnViewerReady("a");

        _relay.OnCursor(Arrow(10, 20));

        Assert.Equal(["ci", "cp"], Types("a"));
        var image = _sent[0].Message;
        Assert.Equal((16, 16, 1, 2, 1), (image.GetProperty("w").GetInt32(), image.GetProperty("h").GetInt32(), image.GetProperty("hx").GetInt32(), image.GetProperty("hy").GetInt32(), image.GetProperty("s").GetInt32()));
        var (width, height, rgba) = PngReader.Read(image.GetProperty("png").GetBytesFromBase64());
        Assert.Equal((16, 16), (width, height));
        Assert.Equal([0x30, 0x20, 0x10, 0xFF], rgba[..4]); // BGRA 10 20 30 FF → RGBA
        Assert.Equal((image.GetProperty("id").GetInt64(), 10, 20), Position(_sent[1].Message));
    }

    [Fact]
    public void OnCursor_SameShapeAgain_SendsTheImageOnceAndKeepsItsId()
    {
        _relay.OnViewerReady("a");

        _relay.OnCursor(Arrow(10, 20));
        _relay.OnCursor(Arrow(11, 20)); // the same bitmap again, as a producer may repeat it
        _relay.OnCursor(Moved(12, 21)); // no bitmap: the shown image moved

        Assert.Equal(["ci", "cp", "cp", "cp"], Types("a"));
        var id = _sent[0].Message.GetProperty("id").GetInt64();
        Assert.Equal([(id, 10, 20), (id, 11, 20), (id, 12, 21)], _sent.Skip(1).Select(s => Position(s.Message)));
        Assert.Equal(1, _relay.GetStats().ImagesEncoded);
    }

    [Fact]
    public void OnCursor_NothingChanged_SendsNothing()
    {
        _relay.OnViewerReady("a");
        _relay.OnCursor(Arrow(10, 20));
        _sent.Clear();

        _relay.OnCursor(Moved(10, 20));

        Assert.Empty(_sent);
    }

    [Fact]
    public void OnCursor_Hidden_SendsIdZero()
    {
        _relay.OnViewerReady("a");
        _relay.OnCursor(Arrow(10, 20));

        _relay.OnCursor(new CursorInfo(0, 0, Visible: false));

        Assert.Equal((0L, 0, 0), Position(_sent[^1].Message));
    }

    [Fact]
    public void OnCursor_VisibleButNoImageYet_SendsIdZero()
    {
        _relay.OnViewerReady("a");

        _relay.OnCursor(Moved(5, 5));

        Assert.Equal(["cp"], Types("a"));
        Assert.Equal(0L, Position(_sent[0].Message).Id);
    }

    [Fact]
    public void OnViewerReady_LateViewer_GetsTheShownImageAndPosition()
    {
        _relay.OnViewerReady("a");
        _relay.OnCursor(Arrow(10, 20));
        _relay.OnCursor(Moved(30, 40));

        _relay.OnViewerReady("b");

        Assert.Equal(["ci", "cp"], Types("b"));
        Assert.Equal(30, Position(_sent[^1].Message).X);
    }

    [Fact]
    public void OnViewerGone_Viewer_GetsNothingMore()
    {
        _relay.OnViewerReady("a");
        _relay.OnViewerGone("a");

        _relay.OnCursor(Arrow(10, 20));

        Assert.Empty(_sent);
        Assert.Equal(0, _relay.GetStats().Viewers);
    }

    [Fact]
    public void OnCursor_OneViewerRefusesMessages_TheOtherStillGetsThemAndTheFirstGetsTheImageAgainLater()
    {
        _relay.OnViewerReady("a");
        _relay.OnViewerReady("b");
        _refusing = "a";

        _relay.OnCursor(Arrow(10, 20));
        _refusing = null;
        _relay.OnCursor(Moved(11, 20));

        Assert.Equal(["ci", "cp", "cp"], Types("b"));
        Assert.Equal(["ci", "cp"], Types("a")); // its channel refused the first image: it is sent again before use
        Assert.Equal(1, _relay.GetStats().SendFailures);
    }

    [Fact]
    public void OnCursor_ImageTooLargeForOneMessage_SendsItHalvedWithItsScale()
    {
        var noise = new byte[512 * 512 * 4];
        new Random(3).NextBytes(noise); // incompressible: 1 MiB of PNG at full size
        _relay.OnViewerReady("a");

        _relay.OnCursor(new CursorInfo(100, 100, Visible: true) { Bitmap = noise, BitmapWidth = 512, BitmapHeight = 512, HotspotX = 100, HotspotY = 50 });

        var (viewer, image) = Assert.Single(_sent, s => s.Message.GetProperty("t").GetString() == "ci");
        var scale = image.GetProperty("s").GetInt32();
        Assert.True(scale >= 8, $"scale {scale}");
        Assert.Equal(512 / scale, image.GetProperty("w").GetInt32());
        Assert.Equal((100 / scale, 50 / scale), (image.GetProperty("hx").GetInt32(), image.GetProperty("hy").GetInt32()));
        Assert.True(JsonSerializer.SerializeToUtf8Bytes(image).Length <= CursorMessages.MaxImageMessageBytes);
    }

    [Fact]
    public void OnCursor_RandomShapesAndViewers_EveryPositionNamesAnImageTheViewersCacheHolds()
    {
        // the viewer's cache (cursor-messages.js CursorImages): 64 images, least recently used out, ci and cp both a use
        var caches = new Dictionary<string, List<long>>();
        var relay = new CursorRelay((viewer, bytes) => Simulate(caches[viewer], JsonDocument.Parse(bytes).RootElement), NullLogger.Instance);
        var random = new Random(5);
        var shapes = Enumerable.Range(0, 120).Select(i => Shape(i)).ToArray();
        for (var step = 0; step < 5000; step++)
        {
            if (step % 500 == 0)
            {
                var viewer = "v" + step;
                caches[viewer] = [];
                relay.OnViewerReady(viewer);
            }

            // a few shapes often (arrow, I-beam), the rest now and then
            var shape = shapes[random.Next(4) == 0 ? random.Next(shapes.Length) : random.Next(3)];
            relay.OnCursor(random.Next(3) == 0 ? Moved(random.Next(640), random.Next(480)) : shape with { X = random.Next(640), Y = random.Next(480) });
        }

        Assert.True(relay.GetStats().ImagesSent < relay.GetStats().PositionsSent / 2, "images are sent again far less often than positions");
    }

    [Fact]
    public void OnCaptureSize_BeforeTheCursor_PositionsCarryIt()
    {
        _relay.OnViewerReady("a");
        _relay.OnCaptureSize(1280, 720);

        _relay.OnCursor(Arrow(10, 20));

        Assert.Equal((1280, 720), CaptureSize(_sent[^1].Message));
    }

    [Fact]
    public void OnCaptureSize_NotKnown_PositionsLeaveItOut()
    {
        _relay.OnViewerReady("a");

        _relay.OnCursor(Arrow(10, 20));

        Assert.Null(CaptureSize(_sent[^1].Message));
    }

    [Fact]
    public void OnCaptureSize_Changed_ViewersGetTheShownCursorAgainWithTheNewSize()
    {
        _relay.OnViewerReady("a");
        _relay.OnCaptureSize(1280, 720);
        _relay.OnCursor(Arrow(10, 20));
        var before = _sent.Count;

        _relay.OnCaptureSize(1920, 1080);

        Assert.Equal(before + 1, _sent.Count);
        Assert.Equal((1920, 1080), CaptureSize(_sent[^1].Message));
        Assert.Equal(Position(_sent[before - 1].Message), Position(_sent[^1].Message));
    }

    [Fact]
    public void OnCaptureSize_Unchanged_SendsNothing()
    {
        _relay.OnViewerReady("a");
        _relay.OnCaptureSize(1280, 720);
        _relay.OnCursor(Arrow(10, 20));
        var before = _sent.Count;

        _relay.OnCaptureSize(1280, 720);

        Assert.Equal(before, _sent.Count);
    }

    private static (int Width, int Height)? CaptureSize(JsonElement message) =>
        message.TryGetProperty("w", out var w) ? (w.GetInt32(), message.GetProperty("h").GetInt32()) : null;

    private static void Simulate(List<long> cache, JsonElement message)
    {
        var id = message.GetProperty("id").GetInt64();
        if (message.GetProperty("t").GetString() == "ci")
        {
            cache.Remove(id);
            cache.Add(id);
            if (cache.Count > 64)
            {
                cache.RemoveAt(0);
            }

            return;
        }

        if (id == 0)
        {
            return;
        }

        Assert.True(cache.Remove(id), $"cp names image {id}, which the viewer does not hold");
        cache.Add(id);
    }

    private void Send(string viewer, ReadOnlyMemory<byte> bytes)
    {
        if (viewer == _refusing)
        {
            throw new InvalidOperationException("the channel cannot send now");
        }

        _sent.Add((viewer, JsonDocument.Parse(bytes).RootElement.Clone()));
    }

    private string[] Types(string viewer) => [.. _sent.Where(s => s.Viewer == viewer).Select(s => s.Message.GetProperty("t").GetString()!)];

    private static (long Id, int X, int Y) Position(JsonElement message) =>
        (message.GetProperty("id").GetInt64(), message.GetProperty("x").GetInt32(), message.GetProperty("y").GetInt32());

    private static CursorInfo Arrow(int x, int y)
    {
        var bitmap = new byte[16 * 16 * 4];
        for (var i = 0; i < bitmap.Length; i += 4)
        {
            (bitmap[i], bitmap[i + 1], bitmap[i + 2], bitmap[i + 3]) = (0x10, 0x20, 0x30, 0xFF);
        }

        return new CursorInfo(x, y, Visible: true) { Bitmap = bitmap, BitmapWidth = 16, BitmapHeight = 16, HotspotX = 1, HotspotY = 2 };
    }

    private static CursorInfo Shape(int index)
    {
        var bitmap = new byte[8 * 8 * 4];
        bitmap[0] = (byte)index;
        bitmap[1] = (byte)(index >> 8);
        return new CursorInfo(0, 0, Visible: true) { Bitmap = bitmap, BitmapWidth = 8, BitmapHeight = 8 };
    }

    private static CursorInfo Moved(int x, int y) => new(x, y, Visible: true);
}
