using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.PipeWire.Capture;
using WlWebRtc.Portal.Source;
using WlWebRtc.Capture.Tests.Desktop;
using WlWebRtc.Encoders;
using WlWebRtc.Media;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Capture.Tests.PipeWire;

/// <summary>The PipeWire side against a real PipeWire (the desktop's) and a GStreamer producer node, connected through an fd as the portal gives one.</summary>
[Collection(DesktopGroup.Name)]
public sealed class PipeWireCaptureSourceTests(HeadlessDesktop desktop)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task StartAsync_SolidColourProducer_FramesArePixelExactBgrx()
    {
        using var producer = await TestVideoProducer.StartAsync(desktop, 320, 240, 30, colour: 0x336699);
        var sink = new RecordingSink();
        await using var source = CreateSource(producer, 30);

        await source.StartAsync(sink, CancellationToken.None);
        var bytes = await sink.FirstBytes.WaitAsync(Patience);

        var (width, height, format, _, stride) = sink.Frames.First();
        Assert.Equal((320, 240, PixelFormat.Bgrx), (width, height, format));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var at = (y * stride) + (x * 4);
                Assert.True(bytes[at] == 0x99 && bytes[at + 1] == 0x66 && bytes[at + 2] == 0x33, $"pixel {x},{y} is {bytes[at + 2]:x2}{bytes[at + 1]:x2}{bytes[at]:x2}");
            }
        }
    }

    [Fact]
    public async Task StopAsync_WhileStreaming_SinkStoppedWithoutErrorAndNoFramesAfter()
    {
        using var producer = await TestVideoProducer.StartAsync(desktop, 160, 120, 30, pattern: "ball");
        var sink = new RecordingSink();
        await using var source = CreateSource(producer, 30);
        await source.StartAsync(sink, CancellationToken.None);
        await sink.FirstBytes.WaitAsync(Patience);

        await source.StopAsync(CancellationToken.None);

        Assert.Null(await sink.Stopped.WaitAsync(Patience));
        var count = sink.Count;
        await Task.Delay(200);
        Assert.Equal(count, sink.Count);
        Assert.Equal(0, sink.OnFrameCallsAfterStop);
    }

    [Fact]
    public async Task Capture_ProducerEnds_StoppedWithClearError()
    {
        var producer = await TestVideoProducer.StartAsync(desktop, 160, 120, 30, pattern: "ball");
        var sink = new RecordingSink();
        await using var source = CreateSource(producer, 30);
        await source.StartAsync(sink, CancellationToken.None);
        await sink.FirstBytes.WaitAsync(Patience);

        producer.Dispose();

        var failure = await sink.Stopped.WaitAsync(Patience);
        Assert.NotNull(failure);
        Assert.Contains("ended the screen cast", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Capture_ConsumerHoldsFrames_HoldsAtMostMaxOutstandingAndStopStaysPrompt()
    {
        using var producer = await TestVideoProducer.StartAsync(desktop, 160, 120, 60, pattern: "ball");
        var sink = new RecordingSink { HoldFrames = true };
        await using var source = CreateSource(producer, 60);
        await source.StartAsync(sink, CancellationToken.None);
        await sink.FirstBytes.WaitAsync(Patience);

        await Task.Delay(500); // 30 frames produced meanwhile
        var held = sink.Held.Count;
        Assert.InRange(held, 1, source.MaxOutstanding);
        Assert.Equal(held, sink.Count);

        // the PipeWire loop never waits for the consumer: stopping (which needs the loop lock) completes at once
        await source.StopAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(2));
        Assert.Null(await sink.Stopped.WaitAsync(Patience));
        sink.ReleaseHeld(); // frames disposed after the stream is gone: no queue-back into a destroyed stream
    }

    /// <summary>
    /// The pacing is measured on the source's own delivery timestamps, not on a wall-clock window: a
    /// <c>Task.Delay(3000)</c> window on a loaded machine lasts as long as the scheduler lets it (it once counted
    /// 75 frames, 3.6 s worth at max_fps 20), which measured the test's clock, not the capture.
    /// </summary>
    [Fact]
    public async Task Capture_ProducerFasterThanMaxFps_DeliversAboutMaxFps()
    {
        const int MaxFps = 20;
        const int Frames = 60;
        using var producer = await TestVideoProducer.StartAsync(desktop, 160, 120, 60, pattern: "ball");
        var delivered = new ConcurrentQueue<long>();
        var sink = new RecordingSink { Inspect = frame => delivered.Enqueue(((PipeWireVideoFrame)frame).DeliveredAt) };
        await using var source = CreateSource(producer, MaxFps);
        await source.StartAsync(sink, CancellationToken.None);
        await sink.FirstBytes.WaitAsync(Patience);

        var window = Stopwatch.StartNew();
        await Poll.UntilAsync(() => delivered.Count > Frames + 1, $"{Frames} frames after the first", TimeSpan.FromSeconds(30), interval: TimeSpan.FromMilliseconds(50));
        window.Stop();

        var stamps = delivered.Take(Frames + 2).ToArray();
        var gaps = stamps.Zip(stamps.Skip(1), Stopwatch.GetElapsedTime).ToArray();
        var span = Stopwatch.GetElapsedTime(stamps[0], stamps[^1]);
        var fps = gaps.Length / span.TotalSeconds;
        var report = string.Create(CultureInfo.InvariantCulture, $"max_fps {MaxFps}: {gaps.Length} intervals over {span.TotalMilliseconds:0} ms by the source's clock = {fps:0.0} fps, shortest {gaps.Min().TotalMilliseconds:0.0} ms (minimum {source.MinimumInterval.TotalMilliseconds:0.0} ms); the test's wall-clock wait took {window.ElapsedMilliseconds} ms");
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "wlwebrtc-capture-pacing.txt"), report);
        Assert.All(gaps, gap => Assert.True(gap >= source.MinimumInterval, "delivered faster than max_fps: " + report));
        Assert.True(fps >= MaxFps / 2.0, "a producer at 3x max_fps was delivered at under half max_fps: " + report);
    }

    /// <summary>Not a pass/fail timing assertion: prints dequeue → sink latency and CPU per frame at 1080p60 (see the report).</summary>
    [Fact]
    public async Task Measure_1080p60MovingPicture_ReportsLatencyAndCpuPerFrame()
    {
        using var producer = await TestVideoProducer.StartAsync(desktop, 1920, 1080, 60, pattern: "ball");
        var sink = new RecordingSink();
        await using var source = CreateSource(producer, 60);
        await source.StartAsync(sink, CancellationToken.None);
        await sink.FirstBytes.WaitAsync(Patience);

        var result = await CaptureMeasurement.RunAsync(sink);

        var report = "1080p60 " + result.Describe();
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "wlwebrtc-capture-measure.txt"), report);
        Console.WriteLine(report);
    }

    private PipeWireCaptureSource CreateSource(TestVideoProducer producer, int maxFps) => new(
        new PipeWireTarget(TestVideoProducer.ConnectSocket(desktop), producer.NodeId, "test producer"),
        new CaptureRequest(new EncoderInputCapabilities([PixelFormat.Bgrx, PixelFormat.Bgra], FrameMemoryKinds.CpuReadable), maxFps),
        cursorMetadata: false,
        TimeProvider.System,
        NullLogger.Instance);
}
