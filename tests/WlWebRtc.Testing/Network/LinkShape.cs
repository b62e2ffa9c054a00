namespace WlWebRtc.Testing.Network;

/// <summary>
/// One direction of an emulated WAN link: a one-way propagation delay with optional jitter, random loss, and a
/// bottleneck whose rate follows <see cref="Phases"/> (a capacity schedule, outages included) in front of a drop-tail queue.
/// </summary>
public sealed record LinkShape
{
    /// <summary>A link without bottleneck, delay or loss: what loopback is.</summary>
    public static readonly LinkShape Unlimited = new();

    /// <summary>Propagation delay added to every packet after the bottleneck.</summary>
    public TimeSpan OneWayDelay { get; init; }

    /// <summary>
    /// Each packet's delay after the bottleneck is <see cref="OneWayDelay"/> plus a uniform random offset in
    /// [-Jitter, +Jitter] (at most the delay). Without <see cref="Reordering"/> a packet never arrives before the one
    /// sent ahead of it (it waits for it, as on one path); with it, packets arrive in the order of their delays.
    /// </summary>
    public TimeSpan Jitter { get; init; }

    /// <summary>Jitter may reorder packets (see <see cref="Jitter"/>).</summary>
    public bool Reordering { get; init; }

    /// <summary>The share of packets lost at random (0 to 1) before they reach the queue.</summary>
    public double LossRatio { get; init; }

    /// <summary>
    /// The bottleneck's capacity over time, from the link's start, sorted by <see cref="LinkPhase.At"/>; the first
    /// phase starts at zero (an empty list: no bottleneck).
    /// </summary>
    public IReadOnlyList<LinkPhase> Phases { get; init; } = [];

    /// <summary>The queue in front of the bottleneck holds at most this much (time at the current rate, or bytes).</summary>
    public QueueLimit Queue { get; init; } = QueueLimit.OfTime(TimeSpan.FromMilliseconds(150));

    /// <summary>A bottleneck of one constant rate.</summary>
    public static IReadOnlyList<LinkPhase> Constant(long bitsPerSecond) => [new LinkPhase(TimeSpan.Zero, bitsPerSecond)];

    /// <summary>Throws with every problem at once when the shape is unusable.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (OneWayDelay < TimeSpan.Zero || OneWayDelay > TimeSpan.FromSeconds(10))
        {
            errors.Add($"OneWayDelay must be 0..10 s, not {OneWayDelay}.");
        }

        if (Jitter < TimeSpan.Zero || Jitter > OneWayDelay)
        {
            errors.Add($"Jitter must be 0..OneWayDelay ({OneWayDelay}), not {Jitter}.");
        }

        if (LossRatio is < 0 or > 1 || double.IsNaN(LossRatio))
        {
            errors.Add($"LossRatio must be 0..1, not {LossRatio}.");
        }

        if (Phases.Count > 0 && Phases[0].At != TimeSpan.Zero)
        {
            errors.Add($"The first phase must start at 0, not {Phases[0].At}.");
        }

        for (var i = 0; i < Phases.Count; i++)
        {
            if (i > 0 && Phases[i].At <= Phases[i - 1].At)
            {
                errors.Add($"Phase {i} starts at {Phases[i].At}, not after phase {i - 1} ({Phases[i - 1].At}).");
            }

            if (Phases[i].BitsPerSecond < 0)
            {
                errors.Add($"Phase {i}: BitsPerSecond must be 0 (no bottleneck) or positive, not {Phases[i].BitsPerSecond}.");
            }
        }

        if (Queue.Bytes < 0 || Queue.Time < TimeSpan.Zero || (Queue.Bytes > 0) == (Queue.Time > TimeSpan.Zero))
        {
            errors.Add("Queue must be limited by either a positive time or a positive number of bytes.");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid link shape: " + string.Join(" ", errors));
        }
    }
}

/// <summary>From <see cref="At"/> (since the link's start) on, the bottleneck sends <see cref="BitsPerSecond"/>
/// (0: no bottleneck), or nothing at all during an <see cref="Outage"/> (every packet is dropped, the queue too).</summary>
public sealed record LinkPhase(TimeSpan At, long BitsPerSecond, bool Outage = false);

/// <summary>
/// The drop-tail limit of the bottleneck's queue: a time (a packet is dropped when the bytes ahead of it would take
/// longer than this at the current rate: what a router's buffer sized in milliseconds does) or a number of bytes.
/// </summary>
public sealed record QueueLimit(TimeSpan Time, long Bytes)
{
    public static QueueLimit OfTime(TimeSpan time) => new(time, 0);

    public static QueueLimit OfBytes(long bytes) => new(TimeSpan.Zero, bytes);

    /// <summary>The limit in bytes at <paramref name="bitsPerSecond"/>.</summary>
    public long BytesAt(long bitsPerSecond) => Bytes > 0 ? Bytes : (long)(Time.TotalSeconds * bitsPerSecond / 8);
}
