using WlWebRtc.Host.Streaming.Degradation;
using WlWebRtc.Media;

namespace WlWebRtc.Host.Tests.Streaming.Degradation;

public sealed class FrameScalerTests
{
    /// <summary>A packed frame whose rows are <paramref name="stride"/> bytes apart after an offset, filled by <paramref name="pixel"/>.</summary>
    private sealed class PaintedFrame : VideoFrame
    {
        private const int Offset = 16;
        private readonly byte[] _bytes;
        private readonly int _stride;

        public PaintedFrame(int width, int height, int stride, Func<int, int, int, byte> pixel, FrameMemoryKinds memory = FrameMemoryKinds.Cpu)
            : base(PixelFormat.Bgrx, width, height, memory, CaptureTime.Now(), 7)
        {
            _stride = stride;
            _bytes = new byte[Offset + (stride * height)];
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    for (var c = 0; c < 4; c++)
                    {
                        _bytes[Offset + (y * stride) + (x * 4) + c] = pixel(x, y, c);
                    }
                }
            }
        }

        public override IReadOnlyList<FramePlane> Planes => [new FramePlane(Offset, _stride, _bytes.Length - Offset)];

        protected override ReadOnlySpan<byte> GetBytesCore() => _bytes;

        protected override void Dispose(bool disposing)
        {
        }
    }

    private static byte At(VideoFrame frame, int x, int y, int channel) =>
        frame.GetBytes()[frame.Planes[0].Offset + (y * frame.Planes[0].Stride) + (x * 4) + channel];

    [Fact]
    public void Scale_Half_EachPixelIsTheAverageOfItsTwoByTwoBlock()
    {
        // channel c of pixel (x, y) = 10 * x + 20 * y + c (at most 173): the 2x2 average is exact in integers
        using var source = new PaintedFrame(8, 6, 40, (x, y, c) => (byte)((10 * x) + (20 * y) + c));
        using var scaled = new FrameScaler().Scale(source, 4, 3);

        Assert.Equal((4, 3, PixelFormat.Bgrx, 7L), (scaled.Width, scaled.Height, scaled.Format, scaled.Sequence));
        for (var y = 0; y < 3; y++)
        {
            for (var x = 0; x < 4; x++)
            {
                for (var c = 0; c < 4; c++)
                {
                    var expected = (10 * ((2 * x) + 0.5)) + (20 * ((2 * y) + 0.5)) + c;
                    Assert.Equal(expected, At(scaled, x, y, c), 1.0);
                }
            }
        }
    }

    [Fact]
    public void Scale_ThreeQuarters_KeepsAFlatColourAndTheEdges()
    {
        using var source = new PaintedFrame(16, 8, 64, (x, _, c) => c == 2 ? (byte)(x < 8 ? 0 : 200) : (byte)90);
        using var scaled = new FrameScaler().Scale(source, 12, 6);

        Assert.Equal(90, At(scaled, 5, 3, 0));
        Assert.Equal(0, At(scaled, 0, 0, 2));
        Assert.Equal(200, At(scaled, 11, 5, 2));
        // the edge between the halves blends, never overshoots
        Assert.InRange(At(scaled, 6, 2, 2), 0, 200);
    }

    [Fact]
    public void Scale_DisposedCopy_SourceUntouched()
    {
        using var source = new PaintedFrame(4, 4, 16, (_, _, _) => 33);
        var scaled = new FrameScaler().Scale(source, 2, 2);

        scaled.Dispose();

        Assert.True(scaled.IsDisposed);
        Assert.False(source.IsDisposed);
        Assert.Equal(33, At(source, 3, 3, 3));
    }

    [Fact]
    public void CanScale_DmaBuf_False()
    {
        using var cpu = new PaintedFrame(4, 4, 16, (_, _, _) => 0);
        using var dmaBuf = new PaintedFrame(4, 4, 16, (_, _, _) => 0, FrameMemoryKinds.DmaBuf);

        Assert.True(FrameScaler.CanScale(cpu));
        Assert.False(FrameScaler.CanScale(dmaBuf));
    }
}
