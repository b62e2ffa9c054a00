using WlWebRtc.Capture.TestPattern;
using WlWebRtc.LatencyProbe;
using WlWebRtc.LatencyProbe.Content;

namespace WlWebRtc.TestPattern.Tests.Content;

public sealed class ContentPainterTests
{
    private const int Width = 960;
    private const int Height = 240;
    private const int Stride = Width * 4;
    private const int FrameRate = 30;

    public static TheoryData<TestContent> Profiles => [TestContent.Pattern, TestContent.Static, TestContent.Scrolling, TestContent.Motion];

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Paint_SameFrameInFreshAndReusedBuffers_IsIdentical(TestContent content)
    {
        var fresh = Paint(content, [7]);
        var reused = Paint(content, [0, 3, 4, 7]);

        Assert.Equal(fresh, reused);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Canvas_EveryProfile_KeepsTheBarcodeReadable(TestContent content)
    {
        var canvas = new PatternCanvas(Width, Height, content, FrameRate);

        canvas.Draw(0x01020304, 5);
        canvas.Draw(0x89ABCDEF, 777);

        Assert.True(LatencyBarcode.TryRead(canvas.Pixels, Width, Height, canvas.Stride, 2, 1, 0, out var time, out var counter));
        Assert.Equal(0x89ABCDEFu, time);
        Assert.Equal((ushort)777, counter);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Changes_CoverEveryPixelThatChanged(TestContent content)
    {
        for (var frame = 1; frame < 40; frame += 3)
        {
            var before = Paint(content, [frame - 1]);
            var after = Paint(content, [frame]);
            var changes = ContentPainter.Create(content, Width, Height, FrameRate).Changes(frame);

            for (var i = 0; i < before.Length; i += 4)
            {
                var (x, y) = (i % Stride / 4, i / Stride);
                if (before.AsSpan(i, 4).SequenceEqual(after.AsSpan(i, 4)) == false)
                {
                    Assert.True(changes.Any(r => x >= r.X && x < r.X + r.Width && y >= r.Y && y < r.Y + r.Height), $"{content} frame {frame}: ({x},{y}) changed outside the reported regions");
                }
            }
        }
    }

    [Fact]
    public void Static_OnlyTheCursorBlinks_EveryHalfSecond()
    {
        var painter = ContentPainter.Create(TestContent.Static, Width, Height, FrameRate);

        Assert.Empty(painter.Changes(1));
        Assert.Empty(painter.Changes(14));
        var cursor = Assert.Single(painter.Changes(15));
        Assert.Equal(cursor, Assert.Single(painter.Changes(30)));
        Assert.Equal(8, cursor.Width);
        var on = Paint(TestContent.Static, [0]);
        var off = Paint(TestContent.Static, [15]);
        Assert.NotEqual(Pixel(on, cursor.X + 2, cursor.Y + 2), Pixel(off, cursor.X + 2, cursor.Y + 2));
        Assert.Equal(Paint(TestContent.Static, [1]), on);
    }

    [Fact]
    public void Scrolling_NextFrame_IsThePreviousMovedUpOneLine()
    {
        var first = Paint(TestContent.Scrolling, [10]);
        var next = Paint(TestContent.Scrolling, [11]);
        const int top = LatencyBarcode.BlockSize;
        const int lines = (Height - top) / 16;

        // Rows of line k+1 in frame 10 are the rows of line k in frame 11.
        Assert.Equal(first.AsSpan((top + 16) * Stride, (lines - 1) * 16 * Stride).ToArray(), next.AsSpan(top * Stride, (lines - 1) * 16 * Stride).ToArray());
        Assert.NotEqual(first.AsSpan(top * Stride, 16 * Stride).ToArray(), next.AsSpan(top * Stride, 16 * Stride).ToArray());
    }

    [Fact]
    public void Scrolling_Text_HasManyDistinctCells()
    {
        var frame = Paint(TestContent.Scrolling, [3]);
        var cells = new HashSet<ulong>();
        for (var row = 0; row < 10; row++)
        {
            for (var column = 0; column < 100; column++)
            {
                cells.Add(CellHash(frame, column * 8, LatencyBarcode.BlockSize + (row * 16)));
            }
        }

        Assert.True(cells.Count > 60, $"only {cells.Count} distinct glyph cells of 1000");
    }

    [Fact]
    public void Motion_EveryBandMoves_AndSomeBlocksAreFresh()
    {
        var a = Paint(TestContent.Motion, [20]);
        var b = Paint(TestContent.Motion, [21]);
        var changedRows = 0;
        for (var y = LatencyBarcode.BlockSize; y < Height; y++)
        {
            if (!a.AsSpan(y * Stride, Stride).SequenceEqual(b.AsSpan(y * Stride, Stride)))
            {
                changedRows++;
            }
        }

        Assert.Equal(Height - LatencyBarcode.BlockSize, changedRows);
        var fresh = 0;
        for (var row = 0; row < (Height - LatencyBarcode.BlockSize) / 16; row++)
        {
            for (var column = 0; column < Width / 16; column++)
            {
                fresh += MotionPainter.IsFreshBlock(21, column, row) ? 1 : 0;
            }
        }

        Assert.InRange(fresh, 1, Width * Height / 256 / 4);
    }

    [Theory]
    [InlineData("pattern", TestContent.Pattern)]
    [InlineData("Scrolling", TestContent.Scrolling)]
    [InlineData("MOTION", TestContent.Motion)]
    [InlineData("static", TestContent.Static)]
    public void TryParse_Names_AreCaseInsensitive(string text, TestContent expected)
    {
        Assert.True(TestContentNames.TryParse(text, out var content));
        Assert.Equal(expected, content);
        Assert.False(TestContentNames.TryParse("video", out _));
    }

    private static byte[] Paint(TestContent content, long[] frames)
    {
        var buffer = new byte[Stride * Height];
        var painter = ContentPainter.Create(content, Width, Height, FrameRate);
        foreach (var frame in frames)
        {
            painter.Paint(buffer, Stride, frame);
        }

        return buffer;
    }

    private static uint Pixel(byte[] frame, int x, int y) => BitConverter.ToUInt32(frame, (y * Stride) + (x * 4));

    private static ulong CellHash(byte[] frame, int x, int y)
    {
        ulong hash = 1469598103934665603;
        for (var row = 0; row < 16; row++)
        {
            for (var column = 0; column < 8; column++)
            {
                hash = (hash ^ Pixel(frame, x + column, y + row)) * 1099511628211;
            }
        }

        return hash;
    }
}
