using WlWebRtc.Capture.Portal.PipeWire;
using WlWebRtc.Media;

namespace WlWebRtc.Capture.Portal.Source;

/// <summary>A frame in a PipeWire buffer: shared memory read in place, or DMA-BUF planes by (duplicated) fd. Dispose returns the buffer.</summary>
internal sealed unsafe class PipeWireVideoFrame : VideoFrame
{
    private readonly DequeuedBuffer _buffer;
    private readonly Action<DequeuedBuffer> _return;

    public PipeWireVideoFrame(DequeuedBuffer buffer, FrameMemoryKinds memory, Action<DequeuedBuffer> giveBack)
        : base(buffer.Format, buffer.Width, buffer.Height, memory, buffer.CaptureTime, buffer.Sequence)
    {
        _buffer = buffer;
        _return = giveBack;
        Damage = buffer.Damage;
        Cursor = buffer.Cursor;
    }

    public override IReadOnlyList<FramePlane> Planes => _buffer.Planes;

    protected override ReadOnlySpan<byte> GetBytesCore() =>
        Memory == FrameMemoryKinds.DmaBuf || _buffer.Slot.Data == null
            ? throw new NotSupportedException("A DMA-BUF frame has no CPU-readable bytes; import its planes' fds.")
            : new ReadOnlySpan<byte>(_buffer.Slot.Data, _buffer.ByteLength);

    protected override void Dispose(bool disposing) => _return(_buffer);
}
