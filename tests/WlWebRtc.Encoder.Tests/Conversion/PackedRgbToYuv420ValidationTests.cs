using WlWebRtc.FFmpeg;
using WlWebRtc.FFmpeg.Conversion;
using WlWebRtc.Media;

namespace WlWebRtc.Encoder.Tests.Conversion;

/// <summary>Bad sizes, buffers and formats are refused up front with a clear message, before any unsafe code runs.</summary>
public sealed unsafe class PackedRgbToYuv420ValidationTests
{
    [Theory]
    [InlineData(0, 0, 64 * 4, 64 * 4 * 32 - 1)]
    [InlineData(0, 16, 64 * 4, 64 * 4 * 32)]
    [InlineData(-4, 0, 64 * 4, 64 * 4 * 32)]
    [InlineData(0, 0, 64 * 4 - 4, 64 * 4 * 32)]
    public void Convert_SourceTooSmall_ThrowsNamingTheBuffer(int offsetShift, int offset, int stride, int length)
    {
        using var converter = new PackedRgbToYuv420(PixelFormat.Bgrx, 64, 32, Yuv420Layout.I420);
        var destination = new Yuv420Buffers(Yuv420Layout.I420, 64, 32);
        var image = new byte[length];

        var error = Assert.Throws<FFmpegException>(() => Convert(converter, image, offset + offsetShift, stride, destination));

        Assert.Contains($"the frame's memory ({length} bytes, offset {offset + offsetShift}, stride {stride}) is too small for 64x32 Bgrx", error.Message, StringComparison.Ordinal);
        Assert.All(destination.Y, b => Assert.Equal(Yuv420Buffers.Sentinel, b));
    }

    [Fact]
    public void Convert_ExactlyLargeEnoughSourceWithShortLastRow_Succeeds()
    {
        // The last row needs only width * 4 bytes, not a whole stride (as with the swscale converter).
        using var converter = new PackedRgbToYuv420(PixelFormat.Rgba, 30, 10, Yuv420Layout.Nv12);
        var destination = new Yuv420Buffers(Yuv420Layout.Nv12, 30, 10);
        Convert(converter, new byte[5 + (128 * 9) + (30 * 4)], 5, 128, destination);
        Assert.DoesNotContain(Yuv420Buffers.Sentinel, destination.Y);
    }

    [Fact]
    public void Convert_DestinationStrideTooSmall_Throws()
    {
        using var converter = new PackedRgbToYuv420(PixelFormat.Bgrx, 64, 32, Yuv420Layout.I420);
        var image = new byte[64 * 4 * 32];
        var y = new byte[64 * 32];
        var chroma = new byte[32 * 16];
        fixed (byte* py = y, pc = chroma)
        {
            var planes = new Yuv420Planes(py, 64, pc, 31, pc, 32);
            var error = Assert.Throws<FFmpegException>(() => converter.Convert(image, 0, 64 * 4, planes));
            Assert.Contains("cannot hold 64x32 I420", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Convert_FrameOfWrongFormat_Throws()
    {
        FFmpegLibrary.EnsureLoaded();
        using var converter = new PackedRgbToYuv420(PixelFormat.Bgrx, 64, 32, Yuv420Layout.Nv12);
        var frame = Interop.AvUtil.av_frame_alloc();
        try
        {
            *(int*)(frame + NativeLayout.FrameWidth) = 64;
            *(int*)(frame + NativeLayout.FrameHeight) = 32;
            *(int*)(frame + NativeLayout.FrameFormat) = PixelFormats.Yuv420p;
            FFmpegException.ThrowIfError(Interop.AvUtil.av_frame_get_buffer(frame, 0), "av_frame_get_buffer");
            var error = Assert.Throws<FFmpegException>(() => converter.Convert(new byte[64 * 4 * 32], 0, 64 * 4, frame));
            Assert.Contains("is not a Nv12 frame of at least 64x32", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Interop.AvUtil.av_frame_free(ref frame);
        }
    }

    [Theory]
    [InlineData(PixelFormat.I420)]
    [InlineData(PixelFormat.Nv12)]
    [InlineData(PixelFormat.Unknown)]
    public void Constructor_NotPackedRgb_Throws(PixelFormat format)
    {
        var error = Assert.Throws<FFmpegException>(() => new PackedRgbToYuv420(format, 64, 32, Yuv420Layout.I420));
        Assert.Contains($"pixel format {format} cannot be converted", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 32)]
    [InlineData(32, 1)]
    [InlineData(0, 0)]
    public void Constructor_SmallerThanOneBlock_Throws(int width, int height)
    {
        var error = Assert.Throws<FFmpegException>(() => new PackedRgbToYuv420(PixelFormat.Bgrx, width, height, Yuv420Layout.I420));
        Assert.Contains("too small for 4:2:0", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(32769, 16)]
    [InlineData(16, 32769)]
    [InlineData(int.MaxValue, 16)]
    public void Constructor_LargerThanMaximumSize_Throws(int width, int height)
    {
        var error = Assert.Throws<FFmpegException>(() => new PackedRgbToYuv420(PixelFormat.Bgrx, width, height, Yuv420Layout.I420));
        Assert.Contains("is larger than 32768x32768", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0, 1)]
    [InlineData(0, 1, 4)]
    [InlineData(2, 2, 1)]
    public void Constructor_ChannelOffsetsNotThreeDistinctBytes_Throws(int red, int green, int blue)
    {
        Assert.Throws<FFmpegException>(() => new PackedRgbToYuv420(new PackedRgbOrder(red, green, blue), 16, 16, Yuv420Layout.I420));
    }

    [Fact]
    public void Constructor_TooManyBands_Throws()
    {
        Assert.Throws<FFmpegException>(() => new PackedRgbToYuv420(PixelFormat.Bgrx, 64, 64, Yuv420Layout.I420, bands: PackedRgbToYuv420.MaximumBands + 1));
    }

    private static void Convert(PackedRgbToYuv420 converter, byte[] image, int offset, int stride, Yuv420Buffers destination)
    {
        fixed (byte* y = destination.Y, cb = destination.Cb, cr = destination.Cr)
        {
            converter.Convert(image, offset, stride, new Yuv420Planes(y, destination.YStride, cb, destination.ChromaStride, cr, destination.ChromaStride));
        }
    }
}
