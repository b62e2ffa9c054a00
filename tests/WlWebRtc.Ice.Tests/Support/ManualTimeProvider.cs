namespace WlWebRtc.Ice.Tests.Support;

/// <summary>A clock that moves only when told; due timers (one-shot and periodic) fire in order from <see cref="Advance"/>, on the caller's thread.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private long _ticks = TimeSpan.FromDays(1).Ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        lock (_lock)
        {
            return _ticks;
        }
    }

    public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(GetTimestamp());

    public TimeSpan Elapsed => TimeSpan.FromTicks(GetTimestamp() - TimeSpan.FromDays(1).Ticks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan by)
    {
        long target;
        lock (_lock)
        {
            target = _ticks + by.Ticks;
        }

        while (true)
        {
            ManualTimer? fire = null;
            lock (_lock)
            {
                foreach (var t in _timers)
                {
                    if (t.Due is { } due && due <= target && (fire is null || due < fire.Due))
                    {
                        fire = t;
                    }
                }

                if (fire is null)
                {
                    _ticks = target;
                    return;
                }

                _ticks = fire.Due!.Value;
                fire.Due = fire.Period > 0 ? _ticks + fire.Period : null;
            }

            fire.Invoke();
        }
    }

    /// <summary>Advances in small steps so that work queued between timers (see <paramref name="between"/>) interleaves as on a real clock.</summary>
    public void Run(TimeSpan total, TimeSpan step, Action? between = null)
    {
        for (var t = TimeSpan.Zero; t < total; t += step)
        {
            between?.Invoke();
            Advance(step);
        }

        between?.Invoke();
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public long? Due { get; set; }

        public long Period { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : owner._ticks + Math.Max(0, dueTime.Ticks);
                Period = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
            }

            return true;
        }

        public void Invoke() => callback(state);

        public void Dispose()
        {
            lock (owner._lock)
            {
                Due = null;
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
