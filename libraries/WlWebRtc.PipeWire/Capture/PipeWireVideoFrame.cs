using WlWebRtc.PipeWire;
using WlWebRtc.PipeWire.Spa;
using WlWebRtc.Media;

namespace WlWebRtc.PipeWire.Capture;

/// <summary>A frame in a PipeWire buffer: shared memory read in place, a DMA-BUF mapped for the CPU, or DMA-BUF planes by (duplicated) fd. Dispose returns the buffer.</summary>
internal sealed unsafe class PipeWireVideoFrame : VideoFrame
{
    private readonly DequeuedBuffer _buffer;
    private readonly Action<DequeuedBuffer> _return;

    public PipeWireVideoFrame(DequeuedBuffer buffer, Action<DequeuedBuffer> giveBack)
        : base(buffer.Format, buffer.Width, buffer.Height, MemoryOf(buffer), buffer.CaptureTime, buffer.Sequence)
    {
        _buffer = buffer;
        _return = giveBack;
        Damage = buffer.Damage;
    }

    public override IReadOnlyList<FramePlane> Planes => _buffer.Planes;

    /// <summary>When the source handed this frame on (Stopwatch timestamp): consecutive frames are at least the max_fps interval apart.</summary>
    internal long DeliveredAt => _buffer.DeliveredAt;

    /// <summary>DMA-BUF only when handed by fd; a DMA-BUF mapped for the CPU is shared memory to the encoder.</summary>
    public static FrameMemoryKinds MemoryOf(DequeuedBuffer buffer) =>
        buffer.Slot.DataType == SpaConstants.DataDmaBuf && buffer.CpuMapping is null ? FrameMemoryKinds.DmaBuf : FrameMemoryKinds.SharedMemory;

    protected override ReadOnlySpan<byte> GetBytesCore()
    {
        if (_buffer.CpuMapping is { } mapping)
        {
            return new ReadOnlySpan<byte>(mapping.Address, _buffer.ByteLength);
        }

        return Memory == FrameMemoryKinds.DmaBuf || _buffer.Slot.Data == null
            ? throw new NotSupportedException("A DMA-BUF frame has no CPU-readable bytes; import its planes' fds.")
            : new ReadOnlySpan<byte>(_buffer.Slot.Data, _buffer.ByteLength);
    }

    protected override void Dispose(bool disposing) => _return(_buffer);
}
