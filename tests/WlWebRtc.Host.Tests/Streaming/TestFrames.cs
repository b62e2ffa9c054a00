using WlWebRtc.Media;

namespace WlWebRtc.Host.Tests.Streaming;

/// <summary>A frame that records its release (the capture's buffer going back).</summary>
internal sealed class TestFrame(long sequence, int width = 64, int height = 48)
    : VideoFrame(PixelFormat.Bgrx, width, height, FrameMemoryKinds.Cpu, CaptureTime.Now(), sequence)
{
    private readonly byte[] _pixels = new byte[width * height * 4];

    public override IReadOnlyList<FramePlane> Planes => [new FramePlane(0, Width * 4, _pixels.Length)];

    protected override ReadOnlySpan<byte> GetBytesCore() => _pixels;

    protected override void Dispose(bool disposing)
    {
    }
}

/// <summary>An access unit with a few bytes.</summary>
internal sealed class TestAccessUnit(bool keyframe, long sequence)
    : EncodedAccessUnit(VideoCodec.H264, keyframe, 64, 48, CaptureTime.Now(), sequence)
{
    private readonly byte[] _data = [0, 0, 0, 1, keyframe ? (byte)0x65 : (byte)0x41];

    public override ReadOnlyMemory<byte> Data => _data;

    protected override void Release()
    {
    }
}
