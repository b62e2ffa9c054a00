using WlWebRtc.Media;

namespace WlWebRtc.Kde.Capture;

/// <summary>A frame over one buffer of the screenshot source's pool; disposing it gives the buffer back.</summary>
internal sealed class ScreenShotFrame : VideoFrame
{
    private readonly byte[] _pixels;
    private readonly int _length;
    private readonly Action<byte[]> _return;
    private readonly FramePlane[] _planes;

    public ScreenShotFrame(PixelFormat format, int width, int height, int stride, byte[] pixels, Action<byte[]> returnBuffer, CaptureTime captureTime, long sequence)
        : base(format, width, height, FrameMemoryKinds.Cpu, captureTime, sequence)
    {
        _pixels = pixels;
        _length = stride * height;
        _return = returnBuffer;
        _planes = [new FramePlane(0, stride, _length)];
    }

    public override IReadOnlyList<FramePlane> Planes => _planes;

    protected override ReadOnlySpan<byte> GetBytesCore() => _pixels.AsSpan(0, _length);

    protected override void Dispose(bool disposing) => _return(_pixels);
}
