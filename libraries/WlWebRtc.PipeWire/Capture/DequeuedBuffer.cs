using WlWebRtc.PipeWire;
using WlWebRtc.Media;

namespace WlWebRtc.PipeWire.Capture;

/// <summary>A buffer taken from PipeWire with what was read from it at dequeue, waiting to become a frame.</summary>
internal sealed unsafe class DequeuedBuffer(BufferSlot slot, CaptureTime captureTime, long sequence)
{
    public BufferSlot Slot { get; } = slot;

    public CaptureTime CaptureTime { get; } = captureTime;

    public long Sequence { get; } = sequence;

    public required PixelFormat Format { get; init; }

    public required int Width { get; init; }

    public required int Height { get; init; }

    public required FramePlane[] Planes { get; init; }

    /// <summary>Bytes from the data start that cover every plane (CPU-readable memory only).</summary>
    public required int ByteLength { get; init; }

    public required IReadOnlyList<DamageRect> Damage { get; init; }

    /// <summary>A DMA-BUF mapped for a CPU encoder (a reference this buffer holds), else null.</summary>
    public FdMapping? CpuMapping { get; init; }

    /// <summary>DMA_BUF_SYNC_START was made for <see cref="CpuMapping"/>: the matching END is due at release.</summary>
    public bool ReadBegun { get; set; }

    /// <summary>The delivery thread's Stopwatch timestamp when it took this buffer for the sink (the max_fps pacing's clock).</summary>
    public long DeliveredAt { get; set; }
}
