namespace WlWebRtc.Testing.Network;

/// <summary>
/// What one direction of an emulated link did, in bins of <see cref="BinLength"/> (100 ms) since its start: bytes
/// offered and sent through the bottleneck, drops by cause, queueing delay, and the capacity at the time; plus every
/// packet's queueing delay for percentiles. Written by the link under its owner's lock; read with <see cref="Snapshot"/>.
/// </summary>
public sealed class LinkStatistics
{
    public static readonly TimeSpan BinLength = TimeSpan.FromMilliseconds(100);

    private readonly Lock _lock = new();
    private readonly LinkShape _shape;
    private readonly List<LinkBin> _bins = [];
    private readonly List<QueueDelaySample> _delays = [];

    internal LinkStatistics(LinkShape shape) => _shape = shape;

    /// <summary>A copy of the bins so far (the last one may be partial) and of every sent packet's queueing delay.</summary>
    public (IReadOnlyList<LinkBin> Bins, IReadOnlyList<QueueDelaySample> QueueDelays) Snapshot()
    {
        lock (_lock)
        {
            return (_bins.Select(b => b with { }).ToList(), _delays.ToList());
        }
    }

    internal void Offered(long ticks, int bytes)
    {
        lock (_lock)
        {
            Bin(ticks).OfferedBytes += bytes;
        }
    }

    internal void Sent(long ticks, int bytes, TimeSpan queueDelay)
    {
        lock (_lock)
        {
            var bin = Bin(ticks);
            bin.SentBytes += bytes;
            bin.SentPackets++;
            bin.QueueDelaySumMs += queueDelay.TotalMilliseconds;
            bin.QueueDelayMaxMs = Math.Max(bin.QueueDelayMaxMs, queueDelay.TotalMilliseconds);
            _delays.Add(new QueueDelaySample(TimeSpan.FromTicks(ticks), queueDelay.TotalMilliseconds));
        }
    }

    internal void Dropped(long ticks, LinkVerdict verdict)
    {
        lock (_lock)
        {
            var bin = Bin(ticks);
            switch (verdict)
            {
                case LinkVerdict.Lost:
                    bin.Lost++;
                    break;
                case LinkVerdict.QueueFull:
                    bin.QueueFull++;
                    break;
                case LinkVerdict.Outage:
                    bin.OutageDrops++;
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "not a drop");
            }
        }
    }

    private LinkBin Bin(long ticks)
    {
        var index = (int)(ticks / BinLength.Ticks);
        while (_bins.Count <= index)
        {
            var start = TimeSpan.FromTicks(_bins.Count * BinLength.Ticks);
            var phase = _shape.Phases.LastOrDefault(p => p.At <= start);
            _bins.Add(new LinkBin(start, phase is null ? 0 : phase.Outage ? -1 : phase.BitsPerSecond));
        }

        return _bins[index];
    }
}

/// <summary>One bin of <see cref="LinkStatistics"/>.</summary>
/// <param name="Start">When the bin starts, since the link's start.</param>
/// <param name="CapacityBitsPerSecond">The bottleneck's rate at the bin's start: 0 unlimited, -1 an outage.</param>
public sealed record LinkBin(TimeSpan Start, long CapacityBitsPerSecond)
{
    public long OfferedBytes { get; set; }

    /// <summary>Bytes that left the bottleneck in this bin (the link's throughput).</summary>
    public long SentBytes { get; set; }

    public int SentPackets { get; set; }

    public int Lost { get; set; }

    public int QueueFull { get; set; }

    public int OutageDrops { get; set; }

    public double QueueDelaySumMs { get; set; }

    public double QueueDelayMaxMs { get; set; }

    public double SentBitsPerSecond => SentBytes * 8 / LinkStatistics.BinLength.TotalSeconds;

    /// <summary>Sent / capacity (0 to 1), or null when the bin has no finite capacity.</summary>
    public double? Utilisation => CapacityBitsPerSecond > 0 ? SentBitsPerSecond / CapacityBitsPerSecond : null;

    public double QueueDelayMeanMs => SentPackets == 0 ? 0 : QueueDelaySumMs / SentPackets;
}

/// <summary>A packet left the bottleneck at <paramref name="At"/> after waiting <paramref name="DelayMs"/> in its queue.</summary>
public readonly record struct QueueDelaySample(TimeSpan At, double DelayMs);
