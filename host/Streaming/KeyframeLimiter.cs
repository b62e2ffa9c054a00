namespace WlWebRtc.Host.Streaming;

/// <summary>
/// Keyframe requests from every viewer (join, PLI, FIR, a send queue that skipped to the next keyframe) share one
/// budget: a token bucket that refills one forced keyframe per <c>encoder.min_keyframe_interval_ms</c> and holds
/// <see cref="Burst"/>. A request the bucket cannot serve is remembered, never dropped, and served as soon as a token
/// returns, so a viewer that really lost the picture waits at most one interval, while one viewer's flood of requests
/// cannot raise the bitrate every other viewer receives (one forced keyframe per interval in the long run).
/// </summary>
/// <remarks>
/// The burst of two lets the keyframe that starts a viewer's stream be followed at once by one recovery keyframe
/// (a joiner whose send queue overflowed on the first, large keyframe would otherwise stay frozen for the rest of
/// the interval). <see cref="Request"/> is called from any thread; <see cref="TryTake"/>, <see cref="Return"/> and
/// <see cref="Forced"/> only from the encoder thread.
/// </remarks>
internal sealed class KeyframeLimiter(TimeSpan minInterval, TimeProvider time)
{
    /// <summary>Forced keyframes that may follow one another without waiting.</summary>
    public const int Burst = 2;

    private int _pending;
    private long _coalesced;
    private double _tokens = Burst;
    private long _refilledAt = time.GetTimestamp();
    private (double Tokens, long RefilledAt) _beforeTake;

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
    /// Whether a keyframe should be forced now; if so the waiting request is taken and a token spent. If a request
    /// waits for a token, <paramref name="retryIn"/> says when it can be served; otherwise it is zero.
    /// </summary>
    public bool TryTake(out TimeSpan retryIn)
    {
        retryIn = TimeSpan.Zero;
        if (Volatile.Read(ref _pending) == 0)
        {
            return false;
        }

        Refill();
        if (_tokens < 1)
        {
            retryIn = minInterval * (1 - _tokens);
            return false;
        }

        _beforeTake = (_tokens, _refilledAt);
        _tokens--;
        Volatile.Write(ref _pending, 0);
        return true;
    }

    /// <summary>Gives a taken request back: the keyframe could not be made (no frame to repeat yet), so it spends no token.</summary>
    public void Return()
    {
        (_tokens, _refilledAt) = _beforeTake;
        Volatile.Write(ref _pending, 1);
    }

    /// <summary>A keyframe is forced regardless (a new encoder starts with one, the periodic refresh): it serves what waits and spends a token if one is left.</summary>
    public void Forced()
    {
        Volatile.Write(ref _pending, 0);
        Refill();
        _tokens = Math.Max(0, _tokens - 1);
    }

    private void Refill()
    {
        var now = time.GetTimestamp();
        var earned = time.GetElapsedTime(_refilledAt, now) / minInterval;
        _tokens = Math.Min(Burst, _tokens + earned);
        _refilledAt = now;
    }
}
