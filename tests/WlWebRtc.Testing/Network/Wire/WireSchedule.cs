namespace WlWebRtc.Testing.Network.Wire;

/// <summary>Which way a packet crosses the wire.</summary>
public enum WireDirection
{
    /// <summary>Server side → viewer side (the media's way).</summary>
    Down,

    /// <summary>Viewer side → server side.</summary>
    Up,
}

/// <summary>A packet whose time has come, which way it goes, and when it was due (a timestamp of the schedule's clock).</summary>
public readonly record struct DuePacket(WireDirection Direction, byte[] Packet, long DueTimestamp);

/// <summary>
/// The wire's scheduling, without I/O: the two directions as <see cref="EmulatedLink{T}"/> models on one clock, the
/// next instant anything is due (the earliest of both links' min-heaps of due times, as a timestamp of the clock, for
/// an absolute timer), and the packets due now, earliest first. <see cref="WanWire"/> drives it from its thread on
/// the monotonic clock; tests drive it on a <see cref="ManualTimeProvider"/>.
/// </summary>
public sealed class WireSchedule
{
    private readonly TimeProvider _time;

    public WireSchedule(LinkShape down, LinkShape up, TimeProvider time, int seed)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        var random = new Random(seed);
        var start = time.GetTimestamp();
        Down = new EmulatedLink<byte[]>(down, time, random, start);
        Up = new EmulatedLink<byte[]>(up, time, random, start);
    }

    /// <summary>Server → viewer.</summary>
    public EmulatedLink<byte[]> Down { get; }

    /// <summary>Viewer → server.</summary>
    public EmulatedLink<byte[]> Up { get; }

    /// <summary>Offers a packet read on one side at the clock's now.</summary>
    public LinkVerdict Offer(WireDirection direction, byte[] packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        return Link(direction).Offer(packet, packet.Length);
    }

    /// <summary>The clock's timestamp at which the next packet is due (or leaves a bottleneck), or null when both links are idle.</summary>
    public long? NextDueTimestamp()
    {
        var down = Down.NextEvent();
        var up = Up.NextEvent();
        var next = down is null ? up : up is null ? down : down < up ? down : up;
        return next is { } at ? ToTimestamp(at) : null;
    }

    /// <summary>Adds the packets due by now to <paramref name="due"/>, earliest first across both directions.</summary>
    public void TakeDue(List<DuePacket> due)
    {
        ArgumentNullException.ThrowIfNull(due);
        var start = due.Count;
        foreach (var direction in (ReadOnlySpan<WireDirection>)[WireDirection.Down, WireDirection.Up])
        {
            var link = Link(direction);
            while (link.TryTakeDue(out var packet, out var dueAt))
            {
                due.Add(new DuePacket(direction, packet, ToTimestamp(dueAt)));
            }
        }

        if (due.Count - start > 1)
        {
            due.Sort(start, due.Count - start, Comparer<DuePacket>.Create((a, b) => a.DueTimestamp.CompareTo(b.DueTimestamp)));
        }
    }

    /// <summary>How late a packet due at <paramref name="dueTimestamp"/> is at the clock's now.</summary>
    public TimeSpan Lateness(long dueTimestamp) => _time.GetElapsedTime(dueTimestamp);

    private EmulatedLink<byte[]> Link(WireDirection direction) => direction == WireDirection.Down ? Down : Up;

    /// <summary>A time on the links' schedule (since their start) as a timestamp of the clock.</summary>
    private long ToTimestamp(TimeSpan sinceStart) =>
        Down.StartTimestamp + (long)(sinceStart.Ticks * ((double)_time.TimestampFrequency / TimeSpan.TicksPerSecond));
}
