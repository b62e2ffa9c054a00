namespace WlWebRtc.Rtp.Queue;

/// <summary>
/// One encoded frame waiting to be sent to one viewer. <paramref name="Owner"/> keeps the memory alive
/// (e.g. a retained EncodedAccessUnit); whoever ends up with the frame disposes it.
/// </summary>
/// <param name="Data">The Annex B access unit.</param>
/// <param name="IsKeyframe">Whether a decoder can start from it.</param>
/// <param name="CaptureTimestamp">Monotonic capture timestamp (Stopwatch ticks), for the RTP timestamp.</param>
/// <param name="Owner">Released when the frame is sent or dropped.</param>
public readonly record struct QueuedFrame(ReadOnlyMemory<byte> Data, bool IsKeyframe, long CaptureTimestamp, IDisposable? Owner)
{
    /// <summary>The packet plan built once for this frame and shared by every viewer, or null (the pacer builds its own).</summary>
    public H264.H264PacketPlan? Plan { get; init; }

    /// <summary>
    /// When the frame was queued (a <see cref="TimeProvider"/> timestamp of the pacer's clock), or 0: the pacer's delay
    /// budget then counts from <see cref="CaptureTimestamp"/>. Counting from the queueing keeps a slow encoder (a busy
    /// machine) from making the pacer drop frames that the link could carry.
    /// </summary>
    public long QueuedAt { get; init; }
}
