using System.Diagnostics;
using Microsoft.Extensions.Logging;
using WlWebRtc.Capture;
using WlWebRtc.PipeWire;

namespace WlWebRtc.PipeWire.Capture;

/// <summary>
/// Frame delivery and pacing. The PipeWire loop thread only offers the newest buffer as "pending" (the one it
/// replaces goes straight back) and never waits for the consumer. The delivery thread hands the pending buffer to
/// the sink when the consumer holds fewer than <see cref="MaxOutstanding"/> frames and the max_fps interval has
/// passed, so the latest picture always arrives, even on a screen that then goes static. The first failure ends the
/// delivery and reaches the sink through <see cref="IVideoFrameSink.OnStopped"/>.
/// </summary>
internal sealed partial class FrameDelivery
{
    private readonly long _minimumInterval;
    private readonly Func<DequeuedBuffer, bool> _tryBeginRead;
    private readonly Action<DequeuedBuffer> _giveBack;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IVideoFrameSink? _sink;
    private Thread? _thread;
    private DequeuedBuffer? _pending;
    private int _outstanding;
    private int _bufferCount;
    private long _nextDue;
    private bool _stopRequested;
    private Exception? _failure;

    /// <param name="maxFrameRate">The most frames per second to deliver; 0 = no limit.</param>
    /// <param name="tryBeginRead">Makes a buffer readable before it is handed out; false drops that one frame.</param>
    /// <param name="giveBack">Returns a buffer to PipeWire (a frame disposed, replaced or left over at the end).</param>
    /// <param name="logger">Where sink and delivery failures are logged.</param>
    public FrameDelivery(int maxFrameRate, Func<DequeuedBuffer, bool> tryBeginRead, Action<DequeuedBuffer> giveBack, ILogger logger)
    {
        _minimumInterval = maxFrameRate > 0 ? (long)(Stopwatch.Frequency * 0.95 / maxFrameRate) : 0;
        _tryBeginRead = tryBeginRead;
        _giveBack = giveBack;
        _logger = logger;
    }

    /// <summary>Frames the consumer may hold at once: under half the buffers, so a producer that drives the graph never runs dry (it stalls for good when it does).</summary>
    public int MaxOutstanding { get; private set; } = 1;

    /// <summary>The shortest time between two deliveries (0.95 of the max_fps period, so a producer at exactly max_fps is not halved).</summary>
    public TimeSpan MinimumInterval => Stopwatch.GetElapsedTime(0, _minimumInterval);

    /// <summary>Buffers PipeWire gave the stream, as last told.</summary>
    public int BufferCount
    {
        get
        {
            lock (_gate)
            {
                return _bufferCount;
            }
        }
    }

    /// <summary>Starts the delivery thread.</summary>
    public void Start(IVideoFrameSink sink)
    {
        _sink = sink;
        _thread = new Thread(DeliveryLoop) { IsBackground = true, Name = "wlwebrtc-capture" };
        _thread.Start();
    }

    /// <summary>Completes once the delivery thread has told the sink it stopped (at once if it never started).</summary>
    public Task WaitEndedAsync(CancellationToken cancellationToken) =>
        _thread is null ? Task.CompletedTask : _ended.Task.WaitAsync(cancellationToken);

    /// <summary>The stream's buffer count changed: the consumer may hold under half of them.</summary>
    public void SetBufferCount(int count)
    {
        lock (_gate)
        {
            _bufferCount = count;
            MaxOutstanding = Math.Max(1, (count / 2) - 1);
        }
    }

    /// <summary>
    /// The newest buffer becomes the pending one; the one it replaces is returned for the caller to give back. Once the
    /// delivery is ending the offered buffer itself is returned: the delivery thread gives back only the pending buffer
    /// it finds as it ends, so one offered after that would never go back to PipeWire.
    /// </summary>
    public DequeuedBuffer? Offer(DequeuedBuffer buffer)
    {
        lock (_gate)
        {
            if (_stopRequested)
            {
                return buffer;
            }

            var replaced = _pending;
            _pending = buffer;
            Monitor.PulseAll(_gate);
            return replaced;
        }
    }

    /// <summary>Takes the pending buffer back when it lives in <paramref name="slot"/> (PipeWire is removing that buffer).</summary>
    public DequeuedBuffer? TakePendingOf(BufferSlot slot)
    {
        lock (_gate)
        {
            if (_pending?.Slot != slot)
            {
                return null;
            }

            var taken = _pending;
            _pending = null;
            return taken;
        }
    }

    /// <summary>Stops delivering; the sink hears of it with no error unless a failure came first.</summary>
    public void RequestStop()
    {
        lock (_gate)
        {
            _stopRequested = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Ends the delivery with <paramref name="exception"/> as the reason, unless it is already ending.</summary>
    public void Fail(Exception exception)
    {
        lock (_gate)
        {
            if (!_stopRequested)
            {
                _failure ??= exception;
                _stopRequested = true;
                Log.Failed(_logger, exception.Message);
            }

            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// The delivery thread: whatever fails on it (other than the sink, which costs one frame) ends this capture with
    /// the reason, reported to the sink through OnStopped; it never ends the process.
    /// </summary>
    private void DeliveryLoop()
    {
        try
        {
            Deliver();
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): A capture failure is the capture's end, reported to the pipeline, not the process's.
        catch (Exception exception)
        {
            Log.DeliveryFailed(_logger, exception);
            Fail(new PipeWireException("The capture's delivery thread failed: " + exception.Message, exception));
        }

        DequeuedBuffer? left;
        lock (_gate)
        {
            left = _pending;
            _pending = null;
        }

        try
        {
            if (left is not null)
            {
                _giveBack(left);
            }

            _sink!.OnStopped(_failure);
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): see above
        catch (Exception exception)
        {
            Log.SinkFailed(_logger, exception);
        }

        _ended.TrySetResult();
    }

    private void Deliver()
    {
        while (true)
        {
            DequeuedBuffer? deliver = null;
            lock (_gate)
            {
                if (_stopRequested)
                {
                    break;
                }

                var now = Stopwatch.GetTimestamp();
                if (_pending is not null && _outstanding < MaxOutstanding)
                {
                    if (now >= _nextDue)
                    {
                        deliver = _pending;
                        _pending = null;
                        _outstanding++;
                        _nextDue = now + _minimumInterval;
                        deliver.DeliveredAt = now;
                    }
                    else
                    {
                        Monitor.Wait(_gate, Stopwatch.GetElapsedTime(now, _nextDue));
                        continue;
                    }
                }
                else
                {
                    Monitor.Wait(_gate);
                    continue;
                }
            }

            if (!_tryBeginRead(deliver))
            {
                Return(deliver); // dropped: this frame only, the stream goes on
                continue;
            }

            var frame = new PipeWireVideoFrame(deliver, Return);
            try
            {
                _sink!.OnFrame(frame);
            }
            catch (Exception exception)
            {
                Log.SinkFailed(_logger, exception);
                frame.Dispose();
            }
        }
    }

    /// <summary>A frame was disposed by its consumer (or dropped before it was handed out).</summary>
    private void Return(DequeuedBuffer buffer)
    {
        _giveBack(buffer);
        lock (_gate)
        {
            _outstanding--;
            Monitor.PulseAll(_gate);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.FrameSinkFailed, LogLevel.Error, "The frame sink threw")]
        public static partial void SinkFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventIds.CaptureFailed, LogLevel.Warning, "Capture ends: {Reason}")]
        public static partial void Failed(ILogger logger, string reason);

        [LoggerMessage(EventIds.DeliveryThreadFailed, LogLevel.Error, "The capture's delivery thread failed")]
        public static partial void DeliveryFailed(ILogger logger, Exception exception);
    }
}
