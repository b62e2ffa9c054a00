using WlWebRtc.Media;

namespace WlWebRtc.Capture.TestPattern;

/// <summary>A frame that lends one canvas of the source's pool; disposing it gives the canvas back.</summary>
internal sealed class PooledFrame : VideoFrame
{
    private readonly PatternCanvas _canvas;
    private readonly Action<PatternCanvas> _return;
    private readonly FramePlane[] _planes;

    public PooledFrame(PatternCanvas canvas, Action<PatternCanvas> returnCanvas, CaptureTime captureTime, long sequence)
        : base(PixelFormat.Bgrx, canvas.Width, canvas.Height, FrameMemoryKinds.Cpu, captureTime, sequence)
    {
        _canvas = canvas;
        _return = returnCanvas;
        _planes = [new FramePlane(0, canvas.Stride, canvas.Pixels.Length)];
    }

    public override IReadOnlyList<FramePlane> Planes => _planes;

    protected override ReadOnlySpan<byte> GetBytesCore() => _canvas.Pixels;

    protected override void Dispose(bool disposing) => _return(_canvas);
}
