using System.Buffers;
using WlWebRtc.Media;

namespace WlWebRtc.FFmpeg.Encoding;

/// <summary>An access unit whose bytes live in an array rented from <see cref="ArrayPool{T}.Shared"/>.</summary>
internal sealed class PooledAccessUnit : EncodedAccessUnit
{
    private byte[]? _buffer;
    private readonly int _length;

    public PooledAccessUnit(byte[] buffer, int length, bool isKeyframe, int width, int height, CaptureTime captureTime, long sequence)
        : base(VideoCodec.H264, isKeyframe, width, height, captureTime, sequence)
    {
        _buffer = buffer;
        _length = length;
    }

    public override ReadOnlyMemory<byte> Data =>
        _buffer is { } buffer ? buffer.AsMemory(0, _length) : throw new ObjectDisposedException(nameof(PooledAccessUnit));

    protected override void Release()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
