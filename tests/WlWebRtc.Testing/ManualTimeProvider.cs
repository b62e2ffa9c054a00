namespace WlWebRtc.Testing;

/// <summary>
/// A clock that moves only when the test says so. Timestamps count <see cref="TimeSpan"/> ticks from the start the
/// test gives (0 by default); wall time starts at 2025-01-01 UTC and moves with them. Timers (one-shot and periodic)
/// fire when <see cref="Advance"/> passes them, on the caller's thread, in due order, with the clock standing at their due time.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    /// <summary>The wall time at timestamp 0.</summary>
    public static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly long _start;
    private long _ticks;

    /// <summary>Creates a clock whose timestamps start at <paramref name="start"/> (some code under test treats 0 as "never").</summary>
    public ManualTimeProvider(TimeSpan start = default)
    {
        _start = start.Ticks;
        _ticks = start.Ticks;
    }

    /// <summary>How far the clock has moved since it was created.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(GetTimestamp() - _start);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        lock (_lock)
        {
            return _ticks;
        }
    }

    public override DateTimeOffset GetUtcNow() => Epoch.AddTicks(GetTimestamp());

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

    /// <summary>When the next armed timer is due (a timestamp), or null.</summary>
    public long? NextDue()
    {
        lock (_lock)
        {
            long? next = null;
            foreach (var timer in _timers)
            {
                if (timer.Due is { } due && (next is null || due < next))
                {
                    next = due;
                }
            }

            return next;
        }
    }

    /// <summary>Moves the clock forward, firing the timers it passes in due order.</summary>
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
                foreach (var timer in _timers)
                {
                    if (timer.Due is { } due && due <= target && (fire is null || due < fire.Due))
                    {
                        fire = timer;
                    }
                }

                if (fire is null)
                {
                    _ticks = target;
                    return;
                }

                var firedAt = fire.Due!.Value;
                _ticks = Math.Max(_ticks, firedAt);
                fire.Due = fire.Period > 0 ? firedAt + fire.Period : null;
            }

            fire.Invoke();
        }
    }

    /// <summary>Advances in steps of <paramref name="step"/>, calling <paramref name="between"/> before each, so that work
    /// queued between timers (packets in flight, say) interleaves with them as on a real clock.</summary>
    public void Run(TimeSpan total, TimeSpan step, Action? between = null)
    {
        for (var moved = TimeSpan.Zero; moved < total; moved += step)
        {
            between?.Invoke();
            Advance(step);
        }

        between?.Invoke();
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public long? Due { get; set; }

        public long Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : owner._ticks + Math.Max(0, dueTime.Ticks);
                Period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? 0 : period.Ticks;
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
