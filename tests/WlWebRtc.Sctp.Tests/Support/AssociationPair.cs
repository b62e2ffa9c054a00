using WlWebRtc.Testing;

namespace WlWebRtc.Sctp.Tests.Support;

/// <summary>Two associations wired back to back through queues, on a manual clock, with optional random loss.
/// Packets are delivered by <see cref="Run"/>, never re-entrantly from a send.</summary>
internal sealed class AssociationPair : IDisposable
{
    private readonly Queue<(bool ToB, byte[] Packet)> _wire = new();
    private readonly Random _random;
    private readonly double _lossRate;

    public AssociationPair(double lossRate = 0, int seed = 1, Func<SctpAssociationOptions, SctpAssociationOptions>? configure = null)
    {
        _lossRate = lossRate;
        _random = new Random(seed);
        configure ??= o => o;
        var baseOptions = new SctpAssociationOptions { RtoInitial = TimeSpan.FromMilliseconds(300), RtoMin = TimeSpan.FromMilliseconds(100), RtoMax = TimeSpan.FromSeconds(2), MaxRetransmissions = 30 };
        A = new SctpAssociation(configure(baseOptions with { IsDtlsClient = true }), p => Send(true, p), Time);
        B = new SctpAssociation(configure(baseOptions with { IsDtlsClient = false }), p => Send(false, p), Time);
    }

    public ManualTimeProvider Time { get; } = new();
    public SctpAssociation A { get; }
    public SctpAssociation B { get; }
    public int Dropped { get; private set; }
    public int Delivered { get; private set; }

    /// <summary>When set, sees every packet (true = A to B) and may return false to drop it.</summary>
    public Func<bool, byte[], bool>? Filter { get; set; }

    private void Send(bool toB, ReadOnlySpan<byte> packet)
    {
        lock (_wire)
            _wire.Enqueue((toB, packet.ToArray()));
    }

    /// <summary>Delivers packets and advances the clock to due timers until <paramref name="done"/> holds
    /// or <paramref name="limit"/> of simulated time passed. Returns whether done.</summary>
    public bool Run(Func<bool> done, TimeSpan? limit = null)
    {
        var end = Time.GetTimestamp() + (limit ?? TimeSpan.FromSeconds(120)).Ticks;
        while (true)
        {
            while (true)
            {
                (bool ToB, byte[] Packet) item;
                lock (_wire)
                {
                    if (_wire.Count == 0)
                        break;
                    item = _wire.Dequeue();
                }
                if ((Filter is not null && !Filter(item.ToB, item.Packet)) || (_lossRate > 0 && _random.NextDouble() < _lossRate))
                {
                    Dropped++;
                    continue;
                }
                Delivered++;
                (item.ToB ? B : A).HandlePacket(item.Packet);
                if (done())
                    return true;
            }
            if (done())
                return true;
            // 1 ms of "link delay" per idle round keeps RTT samples non-zero, then jump to the next timer.
            var next = Time.NextDue();
            var now = Time.GetTimestamp();
            if (now >= end)
                return false;
            var step = next is { } due ? Math.Max(due - now, TimeSpan.TicksPerMillisecond) : TimeSpan.TicksPerMillisecond * 10;
            Time.Advance(TimeSpan.FromTicks(Math.Min(step, end - now)));
        }
    }

    /// <summary>Starts both sides (each sends INIT, as browsers do) and runs until both are established.</summary>
    public void Connect(bool bothStart = true)
    {
        A.Start();
        if (bothStart)
            B.Start();
        Assert.True(Run(() => A.State == SctpAssociationState.Established && B.State == SctpAssociationState.Established),
            $"not established: A={A.State} B={B.State}");
    }

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
    }
}
