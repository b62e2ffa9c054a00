using WlWebRtc.Host.Streaming.Tiers;
using WlWebRtc.Media;

namespace WlWebRtc.Host.Tests.Streaming.Tiers;

public sealed class SharedVideoFrameTests
{
    private sealed class CountingFrame() : VideoFrame(PixelFormat.Bgrx, 4, 2, FrameMemoryKinds.Cpu, CaptureTime.Now(), 9)
    {
        private readonly byte[] _pixels = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

        public int Released { get; private set; }

        public override IReadOnlyList<FramePlane> Planes => [new FramePlane(0, 16, 32)];

        protected override ReadOnlySpan<byte> GetBytesCore() => _pixels;

        protected override void Dispose(bool disposing) => Released++;
    }

    [Fact]
    public void Split_LastViewDisposed_FrameReleasedOnce()
    {
        var frame = new CountingFrame() { Cursor = new CursorInfo(1, 2, Visible: true) };
        var views = SharedVideoFrame.Split(frame, 3);

        views[0].Dispose();
        views[2].Dispose();
        Assert.Equal(0, frame.Released);
        Assert.Equal(31, views[1].GetBytes()[31]);
        Assert.Equal((4, 2, 9L), (views[1].Width, views[1].Height, views[1].Sequence));
        views[1].Dispose();
        views[1].Dispose();

        Assert.Equal(1, frame.Released);
        Assert.NotNull(views[0].Cursor);
        Assert.Null(views[1].Cursor);
    }
}
