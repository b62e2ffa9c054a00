using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.PipeWire;
using WlWebRtc.PipeWire.Capture;
using WlWebRtc.Portal.Source;
using WlWebRtc.Capture.Tests.Desktop;
using WlWebRtc.Encoders;
using WlWebRtc.Media;
using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Capture.Tests.PipeWire;

/// <summary>
/// A CPU encoder's capture of a producer that hands out DMA-BUF, through the desktop's real PipeWire: negotiation
/// (shared memory preferred, linear DMA-BUF accepted), transport of the buffer fds, mapping, sync bracketing.
/// The buffers are memfds labelled DMA-BUF (no dma-buf exporter on this machine), so the kernel's sync ioctl answers
/// ENOTTY; the sync's own paths run through a scripted ioctl.
/// </summary>
[Collection(DesktopGroup.Name)]
public sealed class DmaBufCaptureTests(HeadlessDesktop desktop)
{
    private const int Width = 320;
    private const int Height = 240;
    private const int Eio = 5;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Capture_ProducerOffersOnlyLinearDmaBuf_CpuEncoderGetsPixelExactSharedMemoryFrames()
    {
        using var producer = await DmaBufTestProducer.StartAsync(desktop, Width, Height, 0x336699, alsoSharedMemory: false);
        var memories = new ConcurrentQueue<(FrameMemoryKinds Memory, FramePlane Plane)>();
        var sink = new RecordingSink { Inspect = frame => memories.Enqueue((frame.Memory, frame.Planes[0])) };
        await using var source = CreateSource(producer);

        await source.StartAsync(sink, CancellationToken.None);
        var bytes = await sink.FirstBytes.WaitAsync(Patience);
        await PortalWait(() => sink.Count >= 10, "10 frames");

        Assert.Equal(0ul, source.Format?.Modifier); // DMA-BUF, linear
        Assert.All(memories, m => Assert.Equal(FrameMemoryKinds.SharedMemory, m.Memory));
        var (_, plane) = memories.First();
        var stride = DmaBufTestProducer.StrideFor(Width);
        Assert.Equal(new FramePlane(DmaBufTestProducer.PlaneOffset, stride, stride * Height), plane);
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var at = plane.Offset + (y * stride) + (x * 4);
                Assert.True(bytes[at] == 0x99 && bytes[at + 1] == 0x66 && bytes[at + 2] == 0x33, $"pixel {x},{y} is {bytes[at + 2]:x2}{bytes[at + 1]:x2}{bytes[at]:x2}");
            }
        }

        Assert.Equal((0, 0), (source.DmaBufMapFailures, source.DmaBufSyncFailures));
        Assert.False(sink.Stopped.IsCompleted);
    }

    [Fact]
    public async Task Capture_ProducerOffersDmaBufFirstAndSharedMemory_CpuEncoderNegotiatesSharedMemory()
    {
        using var producer = await DmaBufTestProducer.StartAsync(desktop, Width, Height, 0x204080, alsoSharedMemory: true);
        var sink = new RecordingSink();
        await using var source = CreateSource(producer);

        await source.StartAsync(sink, CancellationToken.None);
        await sink.FirstBytes.WaitAsync(Patience);

        Assert.NotNull(source.Format);
        Assert.Null(source.Format.Modifier);
        Assert.Contains("negotiated shm", producer.Process.LogTail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Capture_DmaBufSyncSucceeds_EveryStartReadIsEndedWhenTheFrameIsReleased()
    {
        using var producer = await DmaBufTestProducer.StartAsync(desktop, Width, Height, 0x102030, alsoSharedMemory: false);
        var ioctl = new ScriptedIoctl(0);
        var sink = new RecordingSink();
        await using var source = CreateSource(producer, ioctl);

        await source.StartAsync(sink, CancellationToken.None);
        await PortalWait(() => sink.Count >= 10, "10 frames");
        await source.StopAsync(CancellationToken.None);

        var calls = ioctl.Calls;
        var starts = calls.Count(c => c.Flags == DmaBufSync.StartRead);
        Assert.True(starts >= 10, $"only {starts} syncs started");
        Assert.Equal(starts, calls.Count(c => c.Flags == DmaBufSync.EndRead));
        Assert.Equal(sink.Count, starts);
        for (var i = 0; i < calls.Count; i++)
        {
            Assert.Equal(i % 2 == 0 ? DmaBufSync.StartRead : DmaBufSync.EndRead, calls[i].Flags); // each frame is released before the next is handed out
        }
    }

    [Fact]
    public async Task Capture_DmaBufSyncFails_FramesDroppedAndStreamKeepsRunning()
    {
        using var producer = await DmaBufTestProducer.StartAsync(desktop, Width, Height, 0x102030, alsoSharedMemory: false);
        var ioctl = new ScriptedIoctl(Eio);
        var sink = new RecordingSink();
        await using var source = CreateSource(producer, ioctl);

        await source.StartAsync(sink, CancellationToken.None);
        await PortalWait(() => source.DmaBufSyncFailures >= 20, "20 failed syncs");

        Assert.Equal(0, sink.Count);
        Assert.False(sink.Stopped.IsCompleted, "the capture stopped on a failed sync");
        Assert.DoesNotContain(ioctl.Calls, c => c.Flags == DmaBufSync.EndRead); // no END for a START that failed
        var dequeued = source.DequeuedCount;
        await PortalWait(() => source.DequeuedCount > dequeued + 10, "the stream to go on");
    }

    [Fact]
    public async Task Capture_DeliveryThreadThrows_CaptureEndsWithTheReasonInsteadOfTheProcess()
    {
        using var producer = await DmaBufTestProducer.StartAsync(desktop, Width, Height, 0x102030, alsoSharedMemory: false);
        var sink = new RecordingSink();
        await using var source = CreateSource(producer, new ThrowingIoctl());

        await source.StartAsync(sink, CancellationToken.None);
        var failure = await sink.Stopped.WaitAsync(Patience);

        var reported = Assert.IsType<PipeWireException>(failure);
        Assert.IsType<InvalidOperationException>(reported.InnerException);
        Assert.Equal(0, sink.Count);
    }

    [Fact]
    public async Task Capture_ManyFramesFromFewBuffers_EachBufferIsMappedOnce()
    {
        using var producer = await DmaBufTestProducer.StartAsync(desktop, Width, Height, 0x405060, alsoSharedMemory: false);
        var sink = new RecordingSink();
        await using var source = CreateSource(producer);

        await source.StartAsync(sink, CancellationToken.None);
        await PortalWait(() => source.BufferCount > 0 && sink.Count >= 3 * source.BufferCount, "three frames per buffer");

        // our mappings of the producer's memfds ("/memfd:wlwebrtc-test-dmabuf"): one per buffer, however many frames
        var mappings = File.ReadAllLines("/proc/self/maps").Count(line => line.Contains("/memfd:wlwebrtc-test-dmabuf", StringComparison.Ordinal));
        Assert.InRange(source.BufferCount, 2, 16);
        Assert.Equal(source.BufferCount, mappings);

        await source.StopAsync(CancellationToken.None);
        var left = File.ReadAllLines("/proc/self/maps").Count(line => line.Contains("/memfd:wlwebrtc-test-dmabuf", StringComparison.Ordinal));
        Assert.Equal(0, left); // PipeWire removed the buffers at disconnect: every mapping is gone
    }

    /// <summary>Not a pass/fail timing assertion: prints fps, dequeue → sink latency and CPU per frame for 1080p DMA-BUF mapped for the CPU.</summary>
    [Fact]
    public async Task Measure_1080pLinearDmaBufMappedForCpu_ReportsFpsLatencyAndCpu()
    {
        using var producer = await DmaBufTestProducer.StartAsync(desktop, 1920, 1080, 0x336699, alsoSharedMemory: false);
        long checksum = 0;
        var sink = new RecordingSink { Inspect = frame => checksum += frame.GetBytes()[^8] }; // touch the last row, as an encoder would
        await using var source = CreateSource(producer);
        await source.StartAsync(sink, CancellationToken.None);
        await sink.FirstBytes.WaitAsync(Patience);

        var result = await CaptureMeasurement.RunAsync(sink);

        Assert.Equal(0ul, source.Format?.Modifier);
        var report = $"1080p30 linear DMA-BUF (memfd) mapped for CPU: {result.Describe()}; checksum {checksum}";
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "wlwebrtc-dmabuf-measure.txt"), report);
        Console.WriteLine(report);
    }

    private PipeWireCaptureSource CreateSource(DmaBufTestProducer producer, IDmaBufIoctl? ioctl = null) => new(
        new PipeWireTarget(TestVideoProducer.ConnectSocket(desktop), producer.NodeId, "dma-buf test producer"),
        new CaptureRequest(new EncoderInputCapabilities([PixelFormat.Bgrx, PixelFormat.Bgra], FrameMemoryKinds.CpuReadable), 30),
        cursorMetadata: false,
        TimeProvider.System,
        NullLogger.Instance,
        dmaBufIoctl: ioctl);

    private static async Task PortalWait(Func<bool> condition, string what)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "not within 10 s: " + what);
    }

    /// <summary>An ioctl seam that throws (a bug, not an errno): the delivery thread is where it surfaces.</summary>
    private sealed class ThrowingIoctl : IDmaBufIoctl
    {
        public int Sync(int fd, ulong flags) => throw new InvalidOperationException("a bug on the delivery thread");
    }
}
