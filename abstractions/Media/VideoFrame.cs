namespace WlWebRtc.Media;

/// <summary>
/// One captured frame. Ownership is explicit: whoever holds a frame owns it and must dispose it
/// exactly once, which hands the memory back to its producer (a pool, or PipeWire's queue). A stage that
/// passes a frame on gives up ownership; a stage that drops a frame (latest-wins) disposes it.
/// Consumers must not keep spans or fds beyond <see cref="Dispose()"/>; copy or dup them.
/// </summary>
public abstract class VideoFrame : IDisposable
{
    private int _disposed;

    /// <summary>Creates a frame header.</summary>
    protected VideoFrame(PixelFormat format, int width, int height, FrameMemoryKinds memory, CaptureTime captureTime, long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Format = format;
        Width = width;
        Height = height;
        Memory = memory;
        CaptureTime = captureTime;
        Sequence = sequence;
    }

    /// <summary>The pixel layout.</summary>
    public PixelFormat Format { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Where the pixels live: exactly one of the <see cref="FrameMemoryKinds"/> flags.</summary>
    public FrameMemoryKinds Memory { get; }

    /// <summary>When the frame was captured.</summary>
    public CaptureTime CaptureTime { get; }

    /// <summary>A counter that rises by one per frame the source produced (gaps mean dropped frames).</summary>
    public long Sequence { get; }

    /// <summary>The planes: offset, stride and, for DMA-BUF, fd and modifier.</summary>
    public abstract IReadOnlyList<FramePlane> Planes { get; }

    /// <summary>Regions changed since the previous frame; empty means unknown (treat the whole frame as changed).</summary>
    public IReadOnlyList<DamageRect> Damage { get; init; } = [];

    /// <summary>Cursor metadata when the source reports it separately, else null.</summary>
    public CursorInfo? Cursor { get; init; }

    /// <summary>Whether <see cref="Dispose()"/> was called.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>
    /// The frame's bytes for CPU-readable memory (all planes at their <see cref="FramePlane.Offset"/>).
    /// Throws <see cref="NotSupportedException"/> for DMA-BUF frames.
    /// </summary>
    public ReadOnlySpan<byte> GetBytes()
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        return GetBytesCore();
    }

    /// <summary>Returns the bytes; implementations for DMA-BUF throw <see cref="NotSupportedException"/>.</summary>
    protected abstract ReadOnlySpan<byte> GetBytesCore();

    /// <summary>Releases the frame's memory to its producer. Safe to call more than once.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Dispose(disposing: true);
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>Hands the memory back; called once.</summary>
    protected abstract void Dispose(bool disposing);
}
