namespace WlWebRtc.Media;

/// <summary>
/// One encoded frame (an H.264 access unit in Annex B: start codes, then NAL units). Reference counted so
/// that one encoded frame can be sent to many viewers without copying the payload: the encoder hands out
/// one reference; each holder that keeps it past the call takes another with <see cref="Retain"/> and
/// releases it with <see cref="Dispose()"/>. The memory goes back to its pool when the last reference is gone.
/// </summary>
public abstract class EncodedAccessUnit : IDisposable
{
    private int _references = 1;

    /// <summary>Creates an access unit with one reference.</summary>
    protected EncodedAccessUnit(VideoCodec codec, bool isKeyframe, int width, int height, CaptureTime captureTime, long sequence)
    {
        Codec = codec;
        IsKeyframe = isKeyframe;
        Width = width;
        Height = height;
        CaptureTime = captureTime;
        Sequence = sequence;
    }

    /// <summary>The codec.</summary>
    public VideoCodec Codec { get; }

    /// <summary>Whether this is an IDR frame that a decoder can start from (with SPS and PPS in front).</summary>
    public bool IsKeyframe { get; }

    /// <summary>Coded width.</summary>
    public int Width { get; }

    /// <summary>Coded height.</summary>
    public int Height { get; }

    /// <summary>The capture time of the frame it was made from, carried through unchanged.</summary>
    public CaptureTime CaptureTime { get; }

    /// <summary>The source frame's <see cref="VideoFrame.Sequence"/>.</summary>
    public long Sequence { get; }

    /// <summary>Monotonic timestamp when encoding started (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>).</summary>
    public long EncodeStartTimestamp { get; init; }

    /// <summary>
    /// Monotonic timestamp when the frame's colour conversion (or mapping) ended and the codec got it; 0 when the
    /// encoder does not tell. Conversion is <see cref="EncodeStartTimestamp"/> to this, coding this to <see cref="EncodeEndTimestamp"/>.
    /// </summary>
    public long ConvertEndTimestamp { get; init; }

    /// <summary>Monotonic timestamp when encoding finished.</summary>
    public long EncodeEndTimestamp { get; init; }

    /// <summary>The encoded bytes; valid while the caller holds a reference.</summary>
    public abstract ReadOnlyMemory<byte> Data { get; }

    /// <summary>Takes another reference; returns this.</summary>
    public EncodedAccessUnit Retain()
    {
        while (true)
        {
            var current = Volatile.Read(ref _references);
            ObjectDisposedException.ThrowIf(current <= 0, this);
            if (Interlocked.CompareExchange(ref _references, current + 1, current) == current)
            {
                return this;
            }
        }
    }

    /// <summary>Releases one reference; the last one frees the memory.</summary>
    public void Dispose()
    {
        var left = Interlocked.Decrement(ref _references);
        if (left == 0)
        {
            Release();
            GC.SuppressFinalize(this);
        }
        else if (left < 0)
        {
            throw new ObjectDisposedException(nameof(EncodedAccessUnit), "Access unit released more often than retained.");
        }
    }

    /// <summary>Returns the memory to its pool; called once, when the last reference is released.</summary>
    protected abstract void Release();
}
