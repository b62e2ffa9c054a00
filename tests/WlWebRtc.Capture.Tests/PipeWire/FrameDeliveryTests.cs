using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Capture;
using WlWebRtc.Media;
using WlWebRtc.PipeWire;
using WlWebRtc.PipeWire.Capture;

namespace WlWebRtc.Capture.Tests.PipeWire;

/// <summary>
/// Every buffer offered to the delivery goes back to PipeWire exactly once, including one the PipeWire thread offers
/// after the delivery thread ended (a process callback racing the stop: seen as dequeued 79, queued back 78).
/// </summary>
public sealed class FrameDeliveryTests
{
    [Fact]
    public async Task Offer_AfterTheDeliveryEnded_ReturnsTheBufferForTheCallerToGiveBack()
    {
        using var file = Memfd.Create(new byte[4096]);
        using var fake = new FakeDmaBufBuffer(file.Fd, 4096, 0, 64, 4096);
        var givenBack = new List<DequeuedBuffer>();
        var delivery = new FrameDelivery(30, _ => true, b => { lock (givenBack) { givenBack.Add(b); } }, NullLogger.Instance);
        var sink = new HoldingSink();
        delivery.Start(sink);
        delivery.RequestStop();
        await delivery.WaitEndedAsync(CancellationToken.None);

        var late = Buffer(fake);
        var returned = delivery.Offer(late);

        Assert.Same(late, returned);
        Assert.Empty(givenBack);
    }

    [Fact]
    public async Task Offer_PendingWhenTheDeliveryEnds_GivenBackOnceByTheDeliveryThread()
    {
        using var file = Memfd.Create(new byte[4096]);
        using var fake = new FakeDmaBufBuffer(file.Fd, 4096, 0, 64, 4096);
        var givenBack = new List<DequeuedBuffer>();
        var delivery = new FrameDelivery(30, _ => true, b => { lock (givenBack) { givenBack.Add(b); } }, NullLogger.Instance);
        var sink = new HoldingSink();
        delivery.Start(sink);
        Assert.Null(delivery.Offer(Buffer(fake)));
        await Testing.Poll.UntilAsync(() => sink.Count == 1, "the first frame delivered", TimeSpan.FromSeconds(20));

        var pending = Buffer(fake); // the consumer holds MaxOutstanding (1) frames: this one stays pending
        Assert.Null(delivery.Offer(pending));
        delivery.RequestStop();
        await delivery.WaitEndedAsync(CancellationToken.None);

        lock (givenBack)
        {
            Assert.Equal([pending], givenBack);
        }

        sink.ReleaseHeld();
    }

    /// <summary>Holds every frame without reading it (the fake buffer has no CPU-readable memory).</summary>
    private sealed class HoldingSink : IVideoFrameSink
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<VideoFrame> _held = new();

        public int Count => _held.Count;

        public void OnFrame(VideoFrame frame) => _held.Enqueue(frame);

        public void OnStopped(Exception? failure)
        {
        }

        public void ReleaseHeld()
        {
            while (_held.TryDequeue(out var frame))
            {
                frame.Dispose();
            }
        }
    }

    private static unsafe DequeuedBuffer Buffer(FakeDmaBufBuffer fake) =>
        new(new BufferSlot(fake.Buffer), CaptureTime.Now(), 1)
        {
            Format = PixelFormat.Bgrx,
            Width = 16,
            Height = 16,
            Planes = [new FramePlane(0, 64, 1024)],
            ByteLength = 1024,
            Damage = [],
        };
}
