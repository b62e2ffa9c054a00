namespace WlWebRtc.Sctp;

/// <summary>A restartable one-shot timer on a <see cref="TimeProvider"/>; its owner serialises Start/Stop under its lock.
/// A callback that was already queued when the timer was stopped or re-armed is recognised by its deadline and ignored.</summary>
internal sealed class SctpTimer : IDisposable
{
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly Action<SctpTimer> _onExpired;
    private long _deadline;

    /// <param name="onExpired">Called on a timer thread with this timer, for its owner to take the lock and <see cref="TryConsumeExpiry"/>.</param>
    public SctpTimer(TimeProvider time, Action<SctpTimer> onExpired)
    {
        _time = time;
        _onExpired = onExpired;
        _timer = time.CreateTimer(static s => ((SctpTimer)s!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public bool IsRunning { get; private set; }

    public void Start(TimeSpan due)
    {
        IsRunning = true;
        _deadline = _time.GetTimestamp() + (long)(due.TotalSeconds * _time.TimestampFrequency);
        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    public void Stop()
    {
        IsRunning = false;
        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Called by the owner under its lock: true when the timer really expired (and is now stopped).</summary>
    public bool TryConsumeExpiry()
    {
        if (!IsRunning)
            return false;
        var remaining = _deadline - _time.GetTimestamp();
        if (remaining > 0)
        {
            // Woken early (a re-armed timer's stale callback): wait for the rest.
            _timer.Change(TimeSpan.FromSeconds((double)remaining / _time.TimestampFrequency), Timeout.InfiniteTimeSpan);
            return false;
        }
        IsRunning = false;
        return true;
    }

    public void Dispose() => _timer.Dispose();

    private void Fire() => _onExpired(this);
}
