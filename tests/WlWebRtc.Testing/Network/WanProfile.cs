namespace WlWebRtc.Testing.Network;

/// <summary>
/// A named WAN link for a run: the shape of each direction (down = sender → browser) and how long the run lasts.
/// The schedule's clock starts when the wire starts, just before the browser connects.
/// </summary>
public sealed record WanProfile(string Name, string Description, LinkShape Down, LinkShape Up, TimeSpan Duration)
{
    private static readonly TimeSpan OneWay = TimeSpan.FromMilliseconds(20);
    private static readonly QueueLimit Queue150 = QueueLimit.OfTime(TimeSpan.FromMilliseconds(150));

    /// <summary>3 Mb/s both ways, 40 ms RTT, a 150 ms drop-tail queue: the link of issue 14's measurements.</summary>
    public static WanProfile Dsl3 { get; } = Symmetric("3mbps", "3 Mb/s, 40 ms RTT, 150 ms queue", LinkShape.Constant(3_000_000), 0, TimeSpan.FromSeconds(30));

    /// <summary>20 Mb/s, down to 1.5 Mb/s from 10 s to 20 s, then 20 Mb/s again.</summary>
    public static WanProfile CapacityDrop { get; } = new(
        "drop",
        "20 -> 1.5 -> 20 Mb/s (drop at 10 s, back at 20 s), 40 ms RTT, 150 ms queue",
        new LinkShape
        {
            OneWayDelay = OneWay,
            Queue = Queue150,
            Phases = [new(TimeSpan.Zero, 20_000_000), new(TimeSpan.FromSeconds(10), 1_500_000), new(TimeSpan.FromSeconds(20), 20_000_000)],
        },
        new LinkShape { OneWayDelay = OneWay, Queue = Queue150, Phases = LinkShape.Constant(20_000_000) },
        TimeSpan.FromSeconds(30));

    /// <summary>10 Mb/s, 40 ms RTT, 2 % random loss each way.</summary>
    public static WanProfile Loss2 { get; } = Symmetric("loss2", "10 Mb/s, 40 ms RTT, 2 % random loss each way", LinkShape.Constant(10_000_000), 0.02, TimeSpan.FromSeconds(25));

    /// <summary>10 Mb/s, 40 ms RTT, 5 % random loss each way.</summary>
    public static WanProfile Loss5 { get; } = Symmetric("loss5", "10 Mb/s, 40 ms RTT, 5 % random loss each way", LinkShape.Constant(10_000_000), 0.05, TimeSpan.FromSeconds(25));

    /// <summary>10 Mb/s, 40 ms RTT, both directions dead from 10 s to 18 s.</summary>
    public static WanProfile Outage8 { get; } = Symmetric(
        "outage",
        "10 Mb/s, 40 ms RTT, an 8 s outage both ways (10 s to 18 s)",
        [new(TimeSpan.Zero, 10_000_000), new(TimeSpan.FromSeconds(10), 0, Outage: true), new(TimeSpan.FromSeconds(18), 10_000_000)],
        0,
        TimeSpan.FromSeconds(30));

    /// <summary>
    /// 3 Mb/s, down to 300 kb/s (below a useful rate for 1280x720 at 30 fps) from 8 s to 23 s, then 3 Mb/s again: the
    /// degradation policy's case (fewer frames, bounded queueing delay) and its recovery.
    /// </summary>
    public static WanProfile BelowUseful { get; } = Symmetric(
        "low",
        "3 -> 0.3 -> 3 Mb/s (down at 8 s, back at 23 s), 40 ms RTT, 150 ms queue",
        [new(TimeSpan.Zero, 3_000_000), new(TimeSpan.FromSeconds(8), 300_000), new(TimeSpan.FromSeconds(23), 3_000_000)],
        0,
        TimeSpan.FromSeconds(35));

    /// <summary>10 Mb/s, 30 ms ± 15 ms one way (uniform jitter per packet, no reordering), 150 ms queue.</summary>
    public static WanProfile Jitter { get; } = new(
        "jitter",
        "10 Mb/s, 30 ms +- 15 ms one way (jitter without reordering), 150 ms queue",
        new LinkShape { OneWayDelay = TimeSpan.FromMilliseconds(30), Jitter = TimeSpan.FromMilliseconds(15), Queue = Queue150, Phases = LinkShape.Constant(10_000_000) },
        new LinkShape { OneWayDelay = TimeSpan.FromMilliseconds(30), Jitter = TimeSpan.FromMilliseconds(15), Queue = Queue150, Phases = LinkShape.Constant(10_000_000) },
        TimeSpan.FromSeconds(25));

    /// <summary>Every named profile, in the bench's order.</summary>
    public static IReadOnlyList<WanProfile> All { get; } = [Dsl3, CapacityDrop, Loss2, Loss5, Outage8, BelowUseful, Jitter];

    /// <summary>The down link's capacity changes after the start (a drop, a recovery, an outage or its end).</summary>
    public IReadOnlyList<LinkPhase> Changes => [.. Down.Phases.Skip(1)];

    /// <summary>A copy that runs for <paramref name="duration"/> instead.</summary>
    public WanProfile WithDuration(TimeSpan duration) => this with { Duration = duration };

    private static WanProfile Symmetric(string name, string description, IReadOnlyList<LinkPhase> phases, double loss, TimeSpan duration)
    {
        var shape = new LinkShape { OneWayDelay = OneWay, Queue = Queue150, Phases = phases, LossRatio = loss };
        return new WanProfile(name, description, shape, shape, duration);
    }
}
