using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Capture;
using WlWebRtc.Capture.TestPattern;
using WlWebRtc.Encoders;
using WlWebRtc.Hardware;
using WlWebRtc.LatencyProbe;
using WlWebRtc.Media;
using WlWebRtc.Plugins;

namespace WlWebRtc.TestPattern.Tests;

public sealed class TestPatternPluginTests
{
    private static readonly EncoderInputCapabilities Bgrx = new([PixelFormat.Bgrx], FrameMemoryKinds.Cpu);

    [Fact]
    public void ValidateSettings_BadValues_ReportsEveryErrorWithItsKey()
    {
        var errors = new TestPatternPlugin().ValidateSettings(Settings(("width", "-5"), ("height", "721"), ("fps", "fast")));

        Assert.Contains(errors, e => e.Key == "width" && e.Message.Contains("between", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Key == "height" && e.Message.Contains("even", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Key == "fps" && e.Message.Contains("whole number", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProbeAsync_DefaultSettings_IsAvailable()
    {
        var result = await new TestPatternPlugin().ProbeAsync(Context(Settings()), CancellationToken.None);

        Assert.True(result.IsAvailable);
        Assert.Contains("1280x720", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateSourceAsync_EncoderWithoutBgrx_Throws()
    {
        var request = new CaptureRequest(new EncoderInputCapabilities([PixelFormat.Nv12], FrameMemoryKinds.DmaBuf), 30);

        await Assert.ThrowsAsync<NotSupportedException>(async () =>
            await new TestPatternPlugin().CreateSourceAsync(request, Context(Settings()), CancellationToken.None));
    }

    [Fact]
    public async Task Source_Runs_DeliversSequentialReadableFramesAndStops()
    {
        var plugin = new TestPatternPlugin();
        var context = Context(Settings(("width", "896"), ("height", "64"), ("fps", "200")));
        await using var source = await plugin.CreateSourceAsync(new CaptureRequest(Bgrx, 0), context, CancellationToken.None);
        using var sink = new CollectingSink(keep: 0);

        await source.StartAsync(sink, CancellationToken.None);
        Assert.True(sink.WaitForFrames(20, TimeSpan.FromSeconds(10)), "no 20 frames within 10 s");
        await source.StopAsync(CancellationToken.None);

        Assert.True(sink.Stopped);
        Assert.Null(sink.Failure);
        var frames = sink.Seen.ToArray();
        Assert.Equal(Enumerable.Range(0, frames.Length).Select(i => (long)i), frames.Select(f => f.Sequence));
        Assert.All(frames, f => Assert.Equal(f.Sequence & 0xFFFF, f.Counter));
        Assert.All(frames, f => Assert.InRange(f.TimeLow32Delta, 0, 1));
    }

    [Fact]
    public async Task Source_ConsumerHoldsFrames_SkipsInsteadOfQueueing()
    {
        var context = Context(Settings(("width", "896"), ("height", "64"), ("fps", "200")));
        await using var source = await new TestPatternPlugin().CreateSourceAsync(new CaptureRequest(Bgrx, 0), context, CancellationToken.None);
        using var sink = new CollectingSink(keep: int.MaxValue);

        await source.StartAsync(sink, CancellationToken.None);

        // Until the pool is out and a frame had to be skipped (a fixed sleep saw too few frames on a loaded machine).
        var patternSource = (TestPatternSource)source;
        Assert.True(SpinWait.SpinUntil(() => patternSource.SkippedFrames > 0, TimeSpan.FromSeconds(10)), "no frame was skipped within 10 s");
        await source.StopAsync(CancellationToken.None);

        // Only the pool's canvases can be out at once; everything else was skipped, not buffered.
        Assert.Equal(3, sink.Held.Count);
        foreach (var frame in sink.Held)
        {
            frame.Dispose();
        }
    }

    [Fact]
    public async Task Source_SinkThrowsAndThrowsAgainWhenToldWhy_StopsOnceReportingTheFailure()
    {
        var context = Context(Settings(("width", "896"), ("height", "64"), ("fps", "200")));
        await using var source = await new TestPatternPlugin().CreateSourceAsync(new CaptureRequest(Bgrx, 0), context, CancellationToken.None);
        using var sink = new ThrowingSink();

        await source.StartAsync(sink, CancellationToken.None);
        Assert.True(sink.Told.Wait(TimeSpan.FromSeconds(10)), "the sink never heard why the frames stopped");
        await source.StopAsync(CancellationToken.None);

        Assert.Equal(1, sink.Frames);
        Assert.Equal(1, sink.StopCalls);
        Assert.IsType<InvalidOperationException>(sink.Failure);
    }

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static PluginContext Context(IConfiguration settings) =>
        new(settings, new ConfigurationBuilder().Build(), HardwareInventory.Empty, NullLoggerFactory.Instance);

    private sealed record SeenFrame(long Sequence, int Counter, long TimeLow32Delta);

    private sealed class CollectingSink(int keep) : IVideoFrameSink, IDisposable
    {
        private readonly SemaphoreSlim _arrived = new(0);

        public ConcurrentQueue<SeenFrame> Seen { get; } = new();

        public List<VideoFrame> Held { get; } = [];

        public bool Stopped { get; private set; }

        public Exception? Failure { get; private set; }

        public void OnFrame(VideoFrame frame)
        {
            var ok = LatencyBarcode.TryRead(frame.GetBytes(), frame.Width, frame.Height, frame.Planes[0].Stride, 2, 1, 0, out var time, out var counter);
            Assert.True(ok, "barcode unreadable");
            var expected = (uint)(frame.CaptureTime.UnixTimeMicroseconds / 1000);
            Seen.Enqueue(new SeenFrame(frame.Sequence, counter, (long)time - expected));
            if (Held.Count < keep)
            {
                Held.Add(frame);
            }
            else
            {
                frame.Dispose();
            }

            _arrived.Release();
        }

        public void OnStopped(Exception? failure)
        {
            Stopped = true;
            Failure = failure;
        }

        public void Dispose() => _arrived.Dispose();

        public bool WaitForFrames(int count, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            for (var i = 0; i < count; i++)
            {
                if (!_arrived.Wait(deadline - DateTime.UtcNow > TimeSpan.Zero ? deadline - DateTime.UtcNow : TimeSpan.Zero))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>A sink whose OnFrame and OnStopped both throw: the producer thread must survive both (a crash ends the test run).</summary>
    private sealed class ThrowingSink : IVideoFrameSink, IDisposable
    {
        private int _frames;
        private int _stopCalls;

        public ManualResetEventSlim Told { get; } = new();

        public int Frames => Volatile.Read(ref _frames);

        public int StopCalls => Volatile.Read(ref _stopCalls);

        public Exception? Failure { get; private set; }

        public void OnFrame(VideoFrame frame)
        {
            Interlocked.Increment(ref _frames);
            frame.Dispose();
            throw new InvalidOperationException("a consumer's bug");
        }

        public void OnStopped(Exception? failure)
        {
            Interlocked.Increment(ref _stopCalls);
            Failure = failure;
            Told.Set();
            throw new InvalidOperationException("and another one");
        }

        public void Dispose() => Told.Dispose();
    }
}
