namespace WlWebRtc.Rtp.Pacing;

/// <summary>
/// The pacer's byte budget (a leaky bucket, as libwebrtc's interval budget): it fills at the pacing rate up to one
/// burst window's worth, a packet may leave while the budget is positive, and the packet's size is taken from it
/// (so it may go negative by one packet). Packets thus leave in bursts of about one window at the pacing rate
/// instead of one burst per frame. A wake-up that comes late while packets waited for the budget (a busy machine)
/// may send what the late time earned, up to four windows, so the average rate holds when timers are coarse; after
/// an idle time the budget holds one window, even when the last packet before it left a debt (waiting means the
/// caller asked <see cref="TimeUntilCanSend"/> and got a wait: a pacer that went idle in debt did not wait, and a
/// catch-up then would send a whole 20 ms probe cluster in one burst, which measures nothing).
/// Times are <see cref="TimeProvider"/> ticks. Not thread-safe.
/// </summary>
internal sealed class PacingBudget
{
    /// <summary>The shortest wait handed out: timers are not finer, and the budget accrues meanwhile.</summary>
    public static readonly TimeSpan MinWait = TimeSpan.FromMilliseconds(1);

    private const int MaxCatchUpWindows = 4;

    private readonly TimeSpan _window;
    private readonly long _ticksPerSecond;
    private double _bytes;
    private long _last;
    private bool _started;
    private bool _waiting;

    public PacingBudget(TimeSpan window, long ticksPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ticksPerSecond);
        _window = window;
        _ticksPerSecond = ticksPerSecond;
    }

    /// <summary>Bytes that may leave now (negative: the debt of the last packet).</summary>
    public double Bytes => _bytes;

    /// <summary>Whether a packet may leave now.</summary>
    public bool CanSend => _bytes > 0;

    /// <summary>Adds what <paramref name="bitsPerSecond"/> earned since the last refill, up to one window's worth.</summary>
    public void Refill(long now, long bitsPerSecond)
    {
        var windowBytes = WindowBytes(bitsPerSecond);
        if (!_started)
        {
            _started = true;
            _last = now;
            _bytes = windowBytes;
            return;
        }

        if (now > _last)
        {
            var earned = (now - _last) * (double)bitsPerSecond / 8 / _ticksPerSecond;
            var cap = _waiting ? Math.Clamp(earned, windowBytes, MaxCatchUpWindows * windowBytes) : windowBytes;
            _bytes = Math.Min(cap, _bytes + earned);
            _last = now;
            _waiting &= _bytes <= 0;
        }
    }

    /// <summary>Takes a packet's bytes.</summary>
    public void Consume(int bytes) => _bytes -= bytes;

    /// <summary>How long until a packet may leave at <paramref name="bitsPerSecond"/> (at least <see cref="MinWait"/>).</summary>
    public TimeSpan TimeUntilCanSend(long bitsPerSecond)
    {
        if (_bytes > 0)
        {
            return TimeSpan.Zero;
        }

        _waiting = true;

        // Wait for the debt plus a bit, so that the next refill leaves the budget positive.
        var seconds = (-_bytes + 1) * 8 / Math.Max(1, bitsPerSecond);
        var wait = TimeSpan.FromSeconds(seconds);
        return wait < MinWait ? MinWait : wait;
    }

    private double WindowBytes(long bitsPerSecond) => Math.Max(1, bitsPerSecond * _window.TotalSeconds / 8);
}
