using WlWebRtc.Capture;
using WlWebRtc.Media;
using WlWebRtc.Portal.Source;

namespace WlWebRtc.Capture.Tests.Portal;

public sealed class LayoutCanvasTests
{
    private static readonly DesktopOutput[] TwoOutputs =
    [
        new("HEADLESS-1", 0, 0, 640, 480, 1),
        new("HEADLESS-2", 640, 0, 800, 600, 1),
    ];

    [Fact]
    public void Constructor_TwoOutputs_PictureIsTheLayoutsBoundingBox()
    {
        var canvas = new LayoutCanvas(TwoOutputs, new CollectingSink());

        Assert.Equal((1440, 600), (canvas.Width, canvas.Height));
    }

    [Fact]
    public void OnFrame_SecondOutput_LandsAtItsLayoutPlaceAndTheRestStaysBlack()
    {
        var sink = new CollectingSink();
        var canvas = new LayoutCanvas(TwoOutputs, sink);

        // PipeWire's MemFd frames are shared memory, the CPU reads them too
        canvas.SinkFor(1).OnFrame(SolidFrame(800, 600, 0x10, 0x20, 0x30, FrameMemoryKinds.SharedMemory));
        canvas.SinkFor(0).OnFrame(SolidFrame(640, 480, 0x40, 0x50, 0x60));

        Assert.Equal(2, sink.Frames.Count);
        var picture = sink.Frames[1];
        Assert.Equal((1440, 600, PixelFormat.Bgrx), (picture.Width, picture.Height, picture.Format));
        Assert.Equal([0x40, 0x50, 0x60], Pixel(picture, 10, 10));
        Assert.Equal([0x40, 0x50, 0x60], Pixel(picture, 639, 479));
        Assert.Equal([0x10, 0x20, 0x30], Pixel(picture, 640, 0));
        Assert.Equal([0x10, 0x20, 0x30], Pixel(picture, 1439, 599));
        Assert.Equal([0, 0, 0], Pixel(picture, 100, 550)); // below the first output: no output there
        foreach (var frame in sink.Frames)
        {
            frame.Dispose();
        }
    }

    [Fact]
    public void OnFrame_OtherSizeThanItsPlace_IsFittedIntoIt()
    {
        var sink = new CollectingSink();
        var canvas = new LayoutCanvas(TwoOutputs, sink);

        canvas.SinkFor(1).OnFrame(QuadrantFrame(1600, 1200));

        using var picture = Assert.Single(sink.Frames);
        Assert.Equal((1440, 600), (picture.Width, picture.Height));
        Assert.Equal(TopLeft, Pixel(picture, 640, 0));
        Assert.Equal(BottomRight, Pixel(picture, 1439, 599));
        Assert.Equal(TopRight, Pixel(picture, 1439, 0));
        Assert.Equal(BottomLeft, Pixel(picture, 640, 599));
    }

    [Fact]
    public void Constructor_ScaleTwoBesideScaleOne_PictureIsTheLogicalLayoutTimesTwo()
    {
        // 320x240 at scale 1, then 640x480 at scale 2 (logically 320x240) to its right
        var canvas = new LayoutCanvas(MixedScales, new CollectingSink());

        Assert.Equal(2.0, canvas.Scale);
        Assert.Equal((1280, 480), (canvas.Width, canvas.Height));
        Assert.Equal((0, 0, 640, 480), canvas.PlaceOf(0));
        Assert.Equal((640, 0, 640, 480), canvas.PlaceOf(1));
    }

    [Fact]
    public void OnFrame_ScaleTwoOutput_IsCopiedWholeAndTheScaleOneOutputEnlarged()
    {
        var sink = new CollectingSink();
        var canvas = new LayoutCanvas(MixedScales, sink);

        canvas.SinkFor(1).OnFrame(QuadrantFrame(640, 480));
        canvas.SinkFor(0).OnFrame(QuadrantFrame(320, 240));

        var picture = sink.Frames[1];
        // the HiDPI output: all of it, pixel for pixel (before, its right and bottom halves were clipped)
        Assert.Equal(TopLeft, Pixel(picture, 640, 0));
        Assert.Equal(TopRight, Pixel(picture, 640 + 320, 0));
        Assert.Equal(BottomLeft, Pixel(picture, 640, 240));
        Assert.Equal(BottomRight, Pixel(picture, 1279, 479));
        // the scale-1 output: twice its size, so its quadrants are 320x240 picture pixels
        Assert.Equal(TopLeft, Pixel(picture, 319, 239));
        Assert.Equal(BottomRight, Pixel(picture, 320, 240));
        Assert.Equal(BottomRight, Pixel(picture, 639, 479));
        foreach (var frame in sink.Frames)
        {
            frame.Dispose();
        }
    }

    [Fact]
    public void OnFrame_UnsupportedFormat_DroppedAndDisposed()
    {
        var sink = new CollectingSink();
        var canvas = new LayoutCanvas(TwoOutputs, sink);
        var frame = new TestFrame(new byte[640 * 480 * 3 / 2], PixelFormat.I420, 640, 480, 640);

        canvas.SinkFor(0).OnFrame(frame);

        Assert.Empty(sink.Frames);
        Assert.True(frame.IsDisposed);
        Assert.Equal(1, canvas.Dropped);
    }

    [Fact]
    public void OnStopped_EveryCastEnds_TheSinkHearsItOnceWithTheFirstReason()
    {
        var sink = new CollectingSink();
        var canvas = new LayoutCanvas(TwoOutputs, sink);
        var failure = new InvalidOperationException("the compositor closed the session");

        canvas.SinkFor(1).OnStopped(failure);
        canvas.SinkFor(0).OnStopped(null);

        Assert.Same(failure, Assert.Single(sink.Stops));
    }

    private static readonly DesktopOutput[] MixedScales =
    [
        new("HEADLESS-1", 0, 0, 320, 240, 1),
        new("HEADLESS-2", 320, 0, 640, 480, 2),
    ];

    private static readonly int[] TopLeft = [10, 20, 30];
    private static readonly int[] TopRight = [40, 50, 60];
    private static readonly int[] BottomLeft = [70, 80, 90];
    private static readonly int[] BottomRight = [100, 110, 120];

    /// <summary>A frame whose four quadrants have the four colours above.</summary>
    private static TestFrame QuadrantFrame(int width, int height)
    {
        var pixels = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var colour = (x < width / 2, y < height / 2) switch
                {
                    (true, true) => TopLeft,
                    (false, true) => TopRight,
                    (true, false) => BottomLeft,
                    _ => BottomRight,
                };
                var offset = ((y * width) + x) * 4;
                pixels[offset] = (byte)colour[0];
                pixels[offset + 1] = (byte)colour[1];
                pixels[offset + 2] = (byte)colour[2];
            }
        }

        return new TestFrame(pixels, PixelFormat.Bgrx, width, height, width * 4);
    }

    private static TestFrame SolidFrame(int width, int height, byte b, byte g, byte r, FrameMemoryKinds memory = FrameMemoryKinds.Cpu)
    {
        var pixels = new byte[width * height * 4];
        for (var i = 0; i < pixels.Length; i += 4)
        {
            pixels[i] = b;
            pixels[i + 1] = g;
            pixels[i + 2] = r;
        }

        return new TestFrame(pixels, PixelFormat.Bgrx, width, height, width * 4, memory);
    }

    private static int[] Pixel(VideoFrame frame, int x, int y)
    {
        var offset = (y * frame.Planes[0].Stride) + (x * 4);
        var bytes = frame.GetBytes();
        return [bytes[offset], bytes[offset + 1], bytes[offset + 2]];
    }

    private sealed class TestFrame(byte[] pixels, PixelFormat format, int width, int height, int stride, FrameMemoryKinds memory = FrameMemoryKinds.Cpu)
        : VideoFrame(format, width, height, memory, CaptureTime.Now(), 1)
    {
        public override IReadOnlyList<FramePlane> Planes { get; } = [new FramePlane(0, stride, pixels.Length)];

        protected override ReadOnlySpan<byte> GetBytesCore() => pixels;

        protected override void Dispose(bool disposing)
        {
        }
    }

    private sealed class CollectingSink : IVideoFrameSink
    {
        public List<VideoFrame> Frames { get; } = [];

        public List<Exception?> Stops { get; } = [];

        public void OnFrame(VideoFrame frame) => Frames.Add(frame);

        public void OnStopped(Exception? failure) => Stops.Add(failure);
    }
}
