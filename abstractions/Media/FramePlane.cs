namespace WlWebRtc.Media;

/// <summary>One plane of a frame.</summary>
/// <param name="Offset">Byte offset of the plane's first row within the frame's memory (or within the DMA-BUF).</param>
/// <param name="Stride">Bytes from one row to the next.</param>
/// <param name="Length">Bytes the plane occupies (stride × rows).</param>
public readonly record struct FramePlane(int Offset, int Stride, int Length)
{
    /// <summary>For DMA-BUF frames: the plane's file descriptor (owned by the frame; dup it to keep it); otherwise -1.</summary>
    public int DmaBufFd { get; init; } = -1;

    /// <summary>For DMA-BUF frames: the DRM format modifier (0 = linear, 0x00ffffffffffffff = invalid/implicit).</summary>
    public ulong Modifier { get; init; }
}
