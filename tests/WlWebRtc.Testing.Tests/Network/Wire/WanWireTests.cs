using WlWebRtc.Testing.Network;
using WlWebRtc.Testing.Network.Wire;
using Xunit.Abstractions;

namespace WlWebRtc.Testing.Tests.Network.Wire;

/// <summary>
/// The wire's self-test, for real: two network namespaces, a TUN device in each, UDP sockets on both sides (root, as
/// the NAT tests). The round trip is at least twice the one-way delay (it can never be less) and the fastest probe
/// close to it; a flood at twice the bottleneck's rate arrives at the rate; random loss drops its share. The
/// precision histogram is printed (its numbers are the bench's: <c>wlwebrtc-bench wanlink</c>).
/// </summary>
public sealed class WanWireTests(ITestOutputHelper output) : IDisposable
{
    private readonly WanNetwork _network = WanNetwork.Create();

    public void Dispose() => _network.Dispose();

    [Fact]
    public void RoundTrip_20MsEachWay_IsTwiceTheDelay()
    {
        var shape = new LinkShape { OneWayDelay = TimeSpan.FromMilliseconds(20) };
        using var wire = _network.StartWire(shape, shape);

        var rtts = WireProbe.RoundTrips(_network, 100, TimeSpan.FromMilliseconds(10));

        var median = WanRunMetrics.Percentile(rtts, 0.5);
        var precision = wire.Precision.Snapshot();
        output.WriteLine($"rtt ms: min {rtts.Min():0.000} median {median:0.000} max {rtts.Max():0.000}; real-time {wire.RealTime}; lateness us p50 {precision.P50:0} p99 {precision.P99:0} max {precision.Max:0}: {precision.Histogram()}");
        Assert.True(rtts.Count >= 95, $"only {rtts.Count} of 100 probes came back");
        Assert.True(rtts.Min() >= 40, $"a round trip of {rtts.Min()} ms is shorter than 2 x 20 ms");
        // The fastest of 100 probes: the probe threads are not real-time, and on a loaded machine their wake-ups
        // (not the wire) add tens of ms to many probes; at least one gets through without waiting.
        Assert.True(rtts.Min() < 40 + 5, $"no round trip came within 5 ms of 2 x 20 ms (fastest {rtts.Min()} ms)");
        Assert.Equal(200, precision.Packets);
        Assert.Null(wire.Failure);
    }

    [Fact]
    public void Flood_TwiceTheBottleneck_ArrivesAtTheRate()
    {
        var shape = new LinkShape { OneWayDelay = TimeSpan.FromMilliseconds(5), Phases = LinkShape.Constant(2_000_000), Queue = QueueLimit.OfTime(TimeSpan.FromMilliseconds(100)) };
        using var wire = _network.StartWire(shape, shape);

        var flood = WireProbe.Flood(_network, 4_000_000, TimeSpan.FromSeconds(3));

        output.WriteLine($"sent {flood.Sent}, received {flood.Received} over {flood.Span.TotalSeconds:0.000} s: {flood.BitsPerSecond / 1e6:0.000} Mb/s; queue drops {wire.Down.Statistics.Snapshot().Bins.Sum(b => b.QueueFull)}; {wire.Precision.Snapshot().Histogram()}");
        // Measured by a receiver thread that is not real-time: its first and last timestamps may be late.
        Assert.InRange(flood.BitsPerSecond, 2_000_000 * 0.85, 2_000_000 * 1.1);
        Assert.InRange(flood.LossRatio, 0.3, 0.7);
        Assert.Equal(flood.Sent - flood.Received, wire.Down.Statistics.Snapshot().Bins.Sum(b => b.QueueFull));
    }

    [Fact]
    public void Flood_TenPercentLoss_LosesAboutThatShare()
    {
        var shape = new LinkShape { LossRatio = 0.1 };
        using var wire = _network.StartWire(shape, shape);

        var flood = WireProbe.Flood(_network, 2_000_000, TimeSpan.FromSeconds(2), datagramBytes: 250);

        output.WriteLine($"sent {flood.Sent}, received {flood.Received}: loss {flood.LossRatio:P2}");
        Assert.True(flood.Sent >= 1500, $"only {flood.Sent} datagrams sent");
        // 2000 trials at 10 %: a standard deviation of 0.67 %; the bound is 4 of them.
        Assert.InRange(flood.LossRatio, 0.073, 0.127);
        Assert.Equal(flood.Sent - flood.Received, wire.Down.Statistics.Snapshot().Bins.Sum(b => b.Lost));
    }
}
