using WlWebRtc.Media;

namespace WlWebRtc.FFmpeg.Frames;

/// <summary>A packed RGB frame in a managed array (probes, benchmarks, tests). Disposing does nothing: the array is the caller's.</summary>
public sealed class PackedVideoFrame : VideoFrame
{
    private readonly byte[] _pixels;
    private readonly FramePlane[] _planes;

    public PackedVideoFrame(byte[] pixels, PixelFormat format, int width, int height, int stride, long sequence, CaptureTime? captureTime = null)
        : base(format, width, height, FrameMemoryKinds.Cpu, captureTime ?? CaptureTime.Now(), sequence)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        _pixels = pixels;
        _planes = [new FramePlane(0, stride, stride * height)];
    }

    public override IReadOnlyList<FramePlane> Planes => _planes;

    protected override ReadOnlySpan<byte> GetBytesCore() => _pixels;

    protected override void Dispose(bool disposing)
    {
    }
}
