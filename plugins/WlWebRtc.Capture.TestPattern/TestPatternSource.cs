using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using WlWebRtc.LatencyProbe;
using WlWebRtc.LatencyProbe.Content;
using WlWebRtc.Media;

namespace WlWebRtc.Capture.TestPattern;

/// <summary>
/// Produces pattern frames at a fixed rate on its own thread. Frames come from a small pool of canvases;
/// when the consumer still holds every canvas, the frame is skipped (counted), never queued.
/// </summary>
internal sealed partial class TestPatternSource : ICaptureSource
{
    private const int PoolSize = 3;
    private readonly TestPatternOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentBag<PatternCanvas> _pool = [];
    private readonly ManualResetEventSlim _stopRequested = new(false);
    private int _canvasesCreated;
    private Thread? _thread;
    private IVideoFrameSink? _sink;
    private long _skipped;
    private int _stopReported;

    public TestPatternSource(TestPatternOptions options, TimeProvider time, ILogger logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
    }

    public string Description => $"testpattern {TestContentNames.Of(_options.Content)} {_options.Width}x{_options.Height}@{_options.FrameRate}";

    /// <summary>Frames skipped because the consumer held every pooled canvas.</summary>
    public long SkippedFrames => Interlocked.Read(ref _skipped);

    public ValueTask StartAsync(IVideoFrameSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (_thread is not null)
        {
            throw new InvalidOperationException("The test pattern source is already started.");
        }

        _sink = sink;
        _stopRequested.Reset();
        Volatile.Write(ref _stopReported, 0);
        _thread = new Thread(Run) { IsBackground = true, Name = "wlwebrtc testpattern" };
        _thread.Start();
        Log.Started(_logger, TestContentNames.Of(_options.Content), _options.Width, _options.Height, _options.FrameRate);
        return ValueTask.CompletedTask;
    }

    public ValueTask StopAsync(CancellationToken cancellationToken)
    {
        var thread = _thread;
        if (thread is null)
        {
            return ValueTask.CompletedTask;
        }

        _stopRequested.Set();
        thread.Join();
        _thread = null;
        if (_sink is { } sink)
        {
            ReportStopped(sink, null);
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopRequested.Dispose();
    }

    private void Run()
    {
        var sink = _sink!;
        var interval = Stopwatch.Frequency / (double)_options.FrameRate;
        var start = Stopwatch.GetTimestamp();
        long counter = 0;
        while (true)
        {
            var due = start + (long)(counter * interval);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero && _stopRequested.Wait(wait))
            {
                return;
            }

            if (_stopRequested.IsSet)
            {
                return;
            }

            try
            {
                Produce(sink, counter);
            }
// Catch-all on purpose (see CONTRIBUTING.md, containment): A faulty sink must not kill the producer thread silently: report and stop.
            catch (Exception ex)
            {
                Log.SinkFailed(_logger, ex);
                ReportStopped(sink, ex);
                return;
            }

            counter++;

            // After a stall (debugger, overloaded machine) resume from now instead of bursting to catch up.
            var behind = Stopwatch.GetTimestamp() - (start + (long)(counter * interval));
            if (behind > interval * 4)
            {
                start += (long)behind;
            }
        }
    }

    /// <summary>Tells the sink once why the frames stopped; a sink that throws even then is only logged.</summary>
    private void ReportStopped(IVideoFrameSink sink, Exception? failure)
    {
        if (Interlocked.Exchange(ref _stopReported, 1) == 1)
        {
            return;
        }

        try
        {
            sink.OnStopped(failure);
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): runs on the producer thread too: nothing may escape it
        catch (Exception ex)
        {
            Log.StopObserverFailed(_logger, ex);
        }
    }

    private void Produce(IVideoFrameSink sink, long counter)
    {
        if (!TryRentCanvas(out var canvas))
        {
            Interlocked.Increment(ref _skipped);
            return;
        }

        var captureTime = CaptureTime.Now(_time);
        canvas.Draw((uint)(captureTime.UnixTimeMicroseconds / 1000), counter);
        var frame = new PooledFrame(canvas, _pool.Add, captureTime, counter) { Damage = DamageFor(canvas.Painter, counter) };
        sink.OnFrame(frame);
    }

    private bool TryRentCanvas(out PatternCanvas canvas)
    {
        if (_pool.TryTake(out canvas!))
        {
            return true;
        }

        if (_canvasesCreated < PoolSize)
        {
            _canvasesCreated++;
            canvas = new PatternCanvas(_options.Width, _options.Height, _options.Content, _options.FrameRate);
            return true;
        }

        return false;
    }

    /// <summary>The barcode strip and whatever the content changed since the frame before (everything for the first).</summary>
    private static DamageRect[] DamageFor(ContentPainter painter, long counter)
    {
        if (counter == 0)
        {
            return [new DamageRect(0, 0, painter.Width, painter.Height)];
        }

        var strip = BarcodeStrip.Rect(painter.Width);
        return [new DamageRect(strip.X, strip.Y, strip.Width, strip.Height), .. painter.Changes(counter).Select(r => new DamageRect(r.X, r.Y, r.Width, r.Height))];
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.Started, LogLevel.Information, "Test pattern started: {Content} content, {Width}x{Height} at {FrameRate} fps")]
        public static partial void Started(ILogger logger, string content, int width, int height, int frameRate);

        [LoggerMessage(EventIds.SinkFailed, LogLevel.Error, "The frame sink failed; the test pattern stops")]
        public static partial void SinkFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventIds.StopObserverFailed, LogLevel.Warning, "The frame sink failed while being told the test pattern stopped")]
        public static partial void StopObserverFailed(ILogger logger, Exception exception);
    }
}
