namespace WlWebRtc.Rtp.Queue;

/// <summary>
/// A bounded queue of frames for one viewer (bounded by frame count and bytes). When a viewer falls behind,
/// it does not grow: the queue is emptied, delta frames are dropped until the next keyframe, and the
/// producer is told to request one (<see cref="EnqueueResult.DroppedKeyframeNeeded"/>). Thread-safe: one or
/// more producers, one consumer. The queue owns a frame's <see cref="QueuedFrame.Owner"/> from
/// <see cref="Enqueue"/> on and disposes it if it drops the frame; a dequeued frame belongs to the consumer.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "It is a queue.")]
public sealed class ViewerSendQueue : IDisposable
{
    private readonly Queue<QueuedFrame> _frames = new();
    private readonly Lock _lock = new();
    private readonly int _maxFrames;
    private readonly long _maxBytes;
    private TaskCompletionSource<bool>? _waiter;
    private long _bytes;
    private bool _closed;

    /// <summary>Creates a queue holding at most <paramref name="maxFrames"/> frames and <paramref name="maxBytes"/> bytes.</summary>
    public ViewerSendQueue(int maxFrames = 8, long maxBytes = 4 * 1024 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrames, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        _maxFrames = maxFrames;
        _maxBytes = maxBytes;
    }

    /// <summary>Whether delta frames are being dropped until a keyframe arrives.</summary>
    public bool IsWaitingForKeyframe { get; private set; }

    /// <summary>Frames dropped so far (overflow, waiting for a keyframe, closed).</summary>
    public long FramesDropped { get; private set; }

    /// <summary>Frames queued now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _frames.Count;
            }
        }
    }

    /// <summary>Bytes queued now.</summary>
    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    /// <summary>Makes the next frame wait for a keyframe (e.g. a viewer that just connected).</summary>
    public void RequireKeyframe()
    {
        lock (_lock)
        {
            IsWaitingForKeyframe = true;
        }
    }

    /// <summary>Adds a frame without blocking; see <see cref="EnqueueResult"/>.</summary>
    public EnqueueResult Enqueue(QueuedFrame frame)
    {
        List<QueuedFrame>? dropped = null;
        EnqueueResult result;
        TaskCompletionSource<bool>? wake = null;
        lock (_lock)
        {
            if (_closed)
            {
                result = EnqueueResult.DroppedClosed;
            }
            else if (IsWaitingForKeyframe && !frame.IsKeyframe)
            {
                result = EnqueueResult.DroppedWaitingForKeyframe;
            }
            else
            {
                var overflow = _frames.Count + 1 > _maxFrames || _bytes + frame.Data.Length > _maxBytes;
                if (overflow || frame.IsKeyframe && IsWaitingForKeyframe)
                {
                    // Behind: what is queued is stale. A keyframe replaces it; a delta frame cannot.
                    dropped = [.. _frames];
                    _frames.Clear();
                    _bytes = 0;
                }

                if (overflow && !frame.IsKeyframe)
                {
                    IsWaitingForKeyframe = true;
                    result = EnqueueResult.DroppedKeyframeNeeded;
                }
                else
                {
                    IsWaitingForKeyframe = false;
                    _frames.Enqueue(frame);
                    _bytes += frame.Data.Length;
                    wake = _waiter;
                    _waiter = null;
                    result = EnqueueResult.Queued;
                }
            }

            FramesDropped += (dropped?.Count ?? 0) + (result == EnqueueResult.Queued ? 0 : 1);
        }

        if (dropped is not null)
        {
            foreach (var old in dropped)
            {
                old.Owner?.Dispose();
            }
        }

        if (result != EnqueueResult.Queued)
        {
            frame.Owner?.Dispose();
        }

        wake?.TrySetResult(true);
        return result;
    }

    /// <summary>
    /// Drops the queued frames in front of the first queued keyframe (a pacer found them too late to send); with no
    /// keyframe queued, drops them all and waits for the next keyframe, as after an overflow. Returns the frames dropped.
    /// </summary>
    public int DropUntilKeyframe()
    {
        List<QueuedFrame> dropped = [];
        lock (_lock)
        {
            while (_frames.TryPeek(out var frame) && !frame.IsKeyframe)
            {
                _frames.Dequeue();
                _bytes -= frame.Data.Length;
                dropped.Add(frame);
            }

            if (_frames.Count == 0 && !_closed)
            {
                IsWaitingForKeyframe = true;
            }

            FramesDropped += dropped.Count;
        }

        foreach (var frame in dropped)
        {
            frame.Owner?.Dispose();
        }

        return dropped.Count;
    }

    /// <summary>Takes the oldest frame; the caller disposes its owner after sending.</summary>
    public bool TryDequeue(out QueuedFrame frame)
    {
        lock (_lock)
        {
            if (_frames.TryDequeue(out frame))
            {
                _bytes -= frame.Data.Length;
                return true;
            }

            return false;
        }
    }

    /// <summary>Waits until a frame is queued (true) or the queue is closed (false).</summary>
    public async ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        Task<bool> wait;
        lock (_lock)
        {
            if (_frames.Count > 0)
            {
                return true;
            }

            if (_closed)
            {
                return false;
            }

            _waiter ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            wait = _waiter.Task;
        }

        return await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the queue and releases every queued frame.</summary>
    public void Dispose()
    {
        QueuedFrame[] left;
        TaskCompletionSource<bool>? wake;
        lock (_lock)
        {
            _closed = true;
            left = [.. _frames];
            _frames.Clear();
            _bytes = 0;
            wake = _waiter;
            _waiter = null;
        }

        foreach (var frame in left)
        {
            frame.Owner?.Dispose();
        }

        wake?.TrySetResult(false);
    }
}
