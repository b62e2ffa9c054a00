namespace WlWebRtc.Rtp.Retransmission;

/// <summary>
/// Caps retransmitted bytes at a fraction of the media bytes sent over a sliding window of about one second
/// (ten 100 ms slots), plus a fixed burst allowance so loss recovery still works when the media rate is low.
/// Whatever a NACK flood asks for, the bytes sent in answer stay within
/// <c>fraction × media bytes + burst</c> per window. The media bytes counted are at most <see cref="MaxMediaBytes"/>
/// (the sender sets it from its bandwidth estimate): after a capacity drop the window still holds a second of media
/// sent at the old rate, and half of that resent into the smaller link keeps its queue full. Not thread-safe.
/// </summary>
internal sealed class RetransmissionBudget
{
    private const int SlotCount = 10;

    private readonly long[] _media = new long[SlotCount];
    private readonly long[] _retransmitted = new long[SlotCount];
    private readonly long _slotTicks;
    private readonly double _fraction;
    private readonly int _burstBytes;
    private long _slot;
    private bool _started;

    public RetransmissionBudget(double fraction, int burstBytes, long ticksPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fraction);
        ArgumentOutOfRangeException.ThrowIfNegative(burstBytes);
        _fraction = fraction;
        _burstBytes = burstBytes;
        _slotTicks = Math.Max(1, ticksPerSecond / SlotCount);
    }

    /// <summary>The most media bytes per window the budget is a fraction of (no bound by default).</summary>
    public long MaxMediaBytes { get; set; } = long.MaxValue;

    /// <summary>Media bytes sent in the current window.</summary>
    public long MediaBytesInWindow => Sum(_media);

    /// <summary>Retransmitted bytes sent in the current window.</summary>
    public long RetransmittedBytesInWindow => Sum(_retransmitted);

    /// <summary>Records media (first transmissions) sent at <paramref name="now"/>.</summary>
    public void OnMediaSent(int bytes, long now)
    {
        Advance(now);
        _media[_slot % SlotCount] += bytes;
    }

    /// <summary>Whether <paramref name="bytes"/> more may be retransmitted now; if so they are counted as sent.</summary>
    public bool TryRetransmit(int bytes, long now)
    {
        Advance(now);
        var allowed = (_fraction * Math.Min(Sum(_media), MaxMediaBytes)) + _burstBytes;
        if (Sum(_retransmitted) + bytes > allowed)
        {
            return false;
        }

        _retransmitted[_slot % SlotCount] += bytes;
        return true;
    }

    private void Advance(long now)
    {
        var slot = Math.Max(0, now) / _slotTicks;
        if (!_started)
        {
            _started = true;
            _slot = slot;
            return;
        }

        if (slot <= _slot)
        {
            return;
        }

        var steps = Math.Min(slot - _slot, SlotCount);
        for (var i = 1; i <= steps; i++)
        {
            var index = (_slot + i) % SlotCount;
            _media[index] = 0;
            _retransmitted[index] = 0;
        }

        _slot = slot;
    }

    private static long Sum(long[] slots)
    {
        var sum = 0L;
        foreach (var value in slots)
        {
            sum += value;
        }

        return sum;
    }
}
