namespace WlWebRtc.Host.Streaming;

/// <summary>
/// Keyframe requests from every viewer (join, PLI, FIR) share one budget: a forced keyframe at most once per
/// <c>encoder.min_keyframe_interval_ms</c>. A request inside the interval is remembered, never dropped, and served
/// when the interval ends, so a viewer that really lost the picture (or has just joined) waits at most one interval,
/// while one viewer's flood of requests cannot raise the bitrate every other viewer receives.
/// </summary>
/// <remarks>
/// <see cref="Request"/> is called from any thread; <see cref="TryTake"/>, <see cref="Return"/> and <see cref="Forced"/> only from the
/// encoder thread.
/// </remarks>
internal sealed class KeyframeLimiter(TimeSpan minInterval, TimeProvider time)
{
    private int _pending;
    private long _coalesced;
    private long _lastForced;
    private bool _forcedBefore;
    private (long LastForced, bool ForcedBefore) _previous;

    /// <summary>Requests that did not cause a keyframe of their own: an earlier request was already waiting.</summary>
    public long Coalesced => Interlocked.Read(ref _coalesced);

    public bool IsPending => Volatile.Read(ref _pending) == 1;

    public void Request()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 1)
        {
            Interlocked.Increment(ref _coalesced);
        }
    }

    /// <summary>
    /// Whether a keyframe should be forced now; if so the waiting request is taken and the interval starts. If a
    /// request waits inside the interval, <paramref name="retryIn"/> says when it can be served; otherwise it is zero.
    /// </summary>
    public bool TryTake(out TimeSpan retryIn)
    {
        retryIn = TimeSpan.Zero;
        if (Volatile.Read(ref _pending) == 0)
        {
            return false;
        }

        var sinceLast = _forcedBefore ? time.GetElapsedTime(_lastForced) : TimeSpan.MaxValue;
        if (sinceLast < minInterval)
        {
            retryIn = minInterval - sinceLast;
            return false;
        }

        _previous = (_lastForced, _forcedBefore);
        Forced();
        return true;
    }

    /// <summary>Gives a taken request back: the keyframe could not be made (no frame to repeat yet), so it takes none of the budget.</summary>
    public void Return()
    {
        (_lastForced, _forcedBefore) = _previous;
        Volatile.Write(ref _pending, 1);
    }

    /// <summary>A keyframe is forced regardless (a new encoder starts with one): it serves what waits, and the interval starts now.</summary>
    public void Forced()
    {
        Volatile.Write(ref _pending, 0);
        _lastForced = time.GetTimestamp();
        _forcedBefore = true;
    }
}
