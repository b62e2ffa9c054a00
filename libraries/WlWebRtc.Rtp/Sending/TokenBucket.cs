namespace WlWebRtc.Rtp.Sending;

/// <summary>
/// A token bucket on a monotonic tick clock: refills at a fixed rate (and by explicit credits) up to a
/// capacity; work takes tokens or is refused. Bounds what a peer's RTCP can make the sender do per second.
/// Starts full. Not thread-safe.
/// </summary>
internal sealed class TokenBucket
{
    private readonly double _capacity;
    private readonly double _perTick;
    private double _tokens;
    private long _last;
    private bool _started;

    public TokenBucket(double capacity, double perSecond, long ticksPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfNegative(perSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ticksPerSecond);
        _capacity = capacity;
        _perTick = perSecond / ticksPerSecond;
        _tokens = capacity;
    }

    /// <summary>Takes up to <paramref name="wanted"/> whole tokens; returns how many it got.</summary>
    public int TakeUpTo(int wanted, long now)
    {
        Refill(now);
        var taken = (int)Math.Min(wanted, Math.Floor(_tokens));
        _tokens -= taken;
        return taken;
    }

    /// <summary>Takes <paramref name="amount"/> tokens if all of them are there.</summary>
    public bool TryTake(double amount, long now)
    {
        Refill(now);
        if (amount > _tokens)
        {
            return false;
        }

        _tokens -= amount;
        return true;
    }

    /// <summary>Credits tokens for work the sender's own sending justifies (still capped).</summary>
    public void Add(double amount) => _tokens = Math.Min(_capacity, _tokens + amount);

    private void Refill(long now)
    {
        if (!_started)
        {
            _started = true;
            _last = now;
            return;
        }

        if (now > _last)
        {
            _tokens = Math.Min(_capacity, _tokens + ((now - _last) * _perTick));
            _last = now;
        }
    }
}
