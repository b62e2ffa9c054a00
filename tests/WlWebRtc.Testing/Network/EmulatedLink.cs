namespace WlWebRtc.Testing.Network;

/// <summary>What became of a packet offered to an <see cref="EmulatedLink{T}"/>.</summary>
public enum LinkVerdict
{
    /// <summary>Queued (or sent at once): it will come out after the queue, the bottleneck and the delay.</summary>
    Accepted,

    /// <summary>Dropped at random (<see cref="LinkShape.LossRatio"/>).</summary>
    Lost,

    /// <summary>Dropped because the queue was full (drop-tail).</summary>
    QueueFull,

    /// <summary>Dropped because the link was out (<see cref="LinkPhase.Outage"/>).</summary>
    Outage,
}

/// <summary>
/// One direction of an emulated link, as a model driven by a clock: packets are offered at the clock's now, wait in a
/// FIFO drop-tail queue, are serialised one after the other at the bottleneck's current rate (integrated across
/// rate changes), then travel for the one-way delay (plus jitter) and come out of <see cref="TryTakeDue"/> in the
/// order of a min-heap of due times. Not thread-safe: the owner serialises calls (<see cref="WanWire"/> runs them
/// on its one thread). Every packet's fate is counted in <see cref="Statistics"/>.
/// </summary>
/// <typeparam name="T">What travels (a datagram and where it goes).</typeparam>
public sealed class EmulatedLink<T>
{
    private readonly LinkShape _shape;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly long _start;
    private readonly Queue<Waiting> _queue = new();
    private readonly PriorityQueue<T, (long DeliverAt, long Sequence)> _wire = new();
    private long _sequence;
    private long _lastDeliverAt = long.MinValue;
    private Waiting? _sending;
    private long _sendingStarted;
    private long _sendingEnds;
    private bool _sendingCutByOutage;
    private long _queuedBytes;

    /// <param name="shape">The direction's delay, loss, queue and schedule.</param>
    /// <param name="time">The clock.</param>
    /// <param name="random">Draws loss and jitter.</param>
    /// <param name="startTimestamp">The clock's timestamp the schedule starts at (now when null), so two directions can share one.</param>
    public EmulatedLink(LinkShape shape, TimeProvider time, Random random, long? startTimestamp = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        shape.Validate();
        _shape = shape;
        _time = time;
        _random = random;
        _start = startTimestamp ?? time.GetTimestamp();
        Statistics = new LinkStatistics(shape);
    }

    public LinkShape Shape => _shape;

    /// <summary>The clock's timestamp (<see cref="TimeProvider.GetTimestamp"/>) at which the link and its schedule started.</summary>
    public long StartTimestamp => _start;

    public LinkStatistics Statistics { get; }

    /// <summary>Time since the link started (its schedule's clock).</summary>
    public TimeSpan Elapsed => _time.GetElapsedTime(_start);

    /// <summary>Bytes waiting in the queue and on the bottleneck now.</summary>
    public long BacklogBytes => _queuedBytes + (_sending?.Bytes ?? 0);

    /// <summary>Offers a packet of <paramref name="bytes"/> at the clock's now.</summary>
    public LinkVerdict Offer(T item, int bytes)
    {
        Advance();
        var now = Ticks;
        var phase = PhaseAt(now);
        Statistics.Offered(now, bytes);
        LinkVerdict verdict;
        if (phase is { Outage: true })
        {
            verdict = LinkVerdict.Outage;
        }
        else if (_shape.LossRatio > 0 && _random.NextDouble() < _shape.LossRatio)
        {
            verdict = LinkVerdict.Lost;
        }
        else if (phase is null || phase.BitsPerSecond == 0)
        {
            Statistics.Sent(now, bytes, TimeSpan.Zero);
            PutOnWire(item, now);
            return LinkVerdict.Accepted;
        }
        else if (BacklogBytes + bytes > Math.Max(_shape.Queue.BytesAt(phase.BitsPerSecond), bytes) && _sending is not null)
        {
            verdict = LinkVerdict.QueueFull;
        }
        else
        {
            var waiting = new Waiting(item, bytes, now);
            if (_sending is null)
            {
                StartSending(waiting, now);
            }
            else
            {
                _queue.Enqueue(waiting);
                _queuedBytes += bytes;
            }

            return LinkVerdict.Accepted;
        }

        Statistics.Dropped(now, verdict);
        return verdict;
    }

    /// <summary>Moves the packets whose delay has passed into <paramref name="due"/>.</summary>
    public void TakeDue(ICollection<T> due)
    {
        ArgumentNullException.ThrowIfNull(due);
        while (TryTakeDue(out var item, out _))
        {
            due.Add(item);
        }
    }

    /// <summary>Takes the earliest packet whose delay has passed, and when it was due (time since the start).</summary>
    public bool TryTakeDue(out T item, out TimeSpan dueAt)
    {
        Advance();
        if (_wire.TryPeek(out var head, out var priority) && priority.DeliverAt <= Ticks)
        {
            _wire.Dequeue();
            item = head;
            dueAt = TimeSpan.FromTicks(priority.DeliverAt);
            return true;
        }

        item = default!;
        dueAt = default;
        return false;
    }

    /// <summary>When something next happens (a packet leaves the bottleneck or arrives), as time since the start, or null.</summary>
    public TimeSpan? NextEvent()
    {
        long? next = _sending is not null ? _sendingEnds : null;
        if (_wire.TryPeek(out _, out var head) && (next is null || head.DeliverAt < next))
        {
            next = head.DeliverAt;
        }

        return next is { } ticks ? TimeSpan.FromTicks(ticks) : null;
    }

    /// <summary>Ticks since the start on the link's clock.</summary>
    private long Ticks => Elapsed.Ticks;

    private void Advance()
    {
        var now = Ticks;
        while (_sending is { } sending && _sendingEnds <= now)
        {
            var end = _sendingEnds;
            if (_sendingCutByOutage)
            {
                Statistics.Dropped(end, LinkVerdict.Outage);
            }
            else
            {
                Statistics.Sent(end, sending.Bytes, TimeSpan.FromTicks(_sendingStarted - sending.OfferedAt));
                PutOnWire(sending.Item, end);
            }

            _sending = null;
            while (_sending is null && _queue.TryDequeue(out var next))
            {
                _queuedBytes -= next.Bytes;
                if (PhaseAt(end) is { Outage: true })
                {
                    // An outage takes the queue with it.
                    Statistics.Dropped(end, LinkVerdict.Outage);
                    continue;
                }

                StartSending(next, end);
            }
        }
    }

    /// <summary>Puts a packet that left the bottleneck at <paramref name="at"/> on the delay line: the one-way
    /// delay plus jitter, and without reordering never before the packet ahead of it.</summary>
    private void PutOnWire(T item, long at)
    {
        var deliverAt = at + _shape.OneWayDelay.Ticks;
        if (_shape.Jitter > TimeSpan.Zero)
        {
            deliverAt += (long)(((_random.NextDouble() * 2) - 1) * _shape.Jitter.Ticks);
            if (!_shape.Reordering)
            {
                deliverAt = Math.Max(deliverAt, _lastDeliverAt);
            }
        }

        _lastDeliverAt = Math.Max(_lastDeliverAt, deliverAt);
        _wire.Enqueue(item, (deliverAt, _sequence++));
    }

    private void StartSending(Waiting waiting, long at)
    {
        _sending = waiting;
        _sendingStarted = at;
        (_sendingEnds, _sendingCutByOutage) = SerialisationEnd(at, waiting.Bytes * 8.0);
    }

    /// <summary>When <paramref name="bits"/> started at <paramref name="at"/> are through the bottleneck, integrating
    /// over the schedule's rate changes; an outage on the way cuts the packet at the outage's start.</summary>
    private (long End, bool CutByOutage) SerialisationEnd(long at, double bits)
    {
        var t = at;
        for (var index = PhaseIndexAt(t); ; index++)
        {
            var phase = _shape.Phases[index];
            if (phase.Outage)
            {
                return (t, true);
            }

            if (phase.BitsPerSecond == 0)
            {
                return (t, false);
            }

            var needed = (long)Math.Ceiling(bits / phase.BitsPerSecond * TimeSpan.TicksPerSecond);
            var boundary = index + 1 < _shape.Phases.Count ? _shape.Phases[index + 1].At.Ticks : long.MaxValue;
            if (t + needed <= boundary)
            {
                return (t + needed, false);
            }

            bits -= (boundary - t) * (double)phase.BitsPerSecond / TimeSpan.TicksPerSecond;
            t = boundary;
        }
    }

    private LinkPhase? PhaseAt(long ticks) => _shape.Phases.Count == 0 ? null : _shape.Phases[PhaseIndexAt(ticks)];

    private int PhaseIndexAt(long ticks)
    {
        var index = 0;
        while (index + 1 < _shape.Phases.Count && _shape.Phases[index + 1].At.Ticks <= ticks)
        {
            index++;
        }

        return index;
    }

    private sealed record Waiting(T Item, int Bytes, long OfferedAt);
}
