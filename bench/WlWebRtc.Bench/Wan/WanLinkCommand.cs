using System.CommandLine;
using System.Globalization;
using WlWebRtc.Testing.Network;
using WlWebRtc.Testing.Network.Wire;

namespace WlWebRtc.Bench.Wan;

/// <summary>
/// <c>wlwebrtc-bench wanlink</c>: measures the WAN emulator itself (root: it builds two network namespaces and the
/// TUN wire): the round trip of 20 ms each way, a flood at twice a 3 Mb/s bottleneck, 2 % and 5 % random loss, and
/// for each how late the wire sent packets after their due time (the scheduling precision, as a histogram).
/// </summary>
internal static class WanLinkCommand
{
    public static Command Create()
    {
        var command = new Command("wanlink", "Measure the WAN emulator (TUN wire between two network namespaces): RTT, throughput cap, loss and its scheduling precision");
        command.SetAction((_, _) => Task.FromResult(Run(Console.Out)));
        return command;
    }

    private static int Run(TextWriter output)
    {
        try
        {
            using var network = WanNetwork.Create();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bench wanlink: load average {WanReport.LoadAverage()}, {Environment.ProcessorCount} cores"));

            var delay = new LinkShape { OneWayDelay = TimeSpan.FromMilliseconds(20) };
            using (var wire = network.StartWire(delay, delay))
            {
                var rtts = WireProbe.RoundTrips(network, 500, TimeSpan.FromMilliseconds(5));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"rtt (20 ms each way, 500 probes): {rtts.Count} back, min {rtts.Min():0.000} p50 {WanRunMetrics.Percentile(rtts, 0.5):0.000} p95 {WanRunMetrics.Percentile(rtts, 0.95):0.000} p99 {WanRunMetrics.Percentile(rtts, 0.99):0.000} max {rtts.Max():0.000} ms"));
                Precision(output, wire);
            }

            var bottleneck = new LinkShape { OneWayDelay = TimeSpan.FromMilliseconds(20), Phases = LinkShape.Constant(3_000_000), Queue = QueueLimit.OfTime(TimeSpan.FromMilliseconds(150)) };
            using (var wire = network.StartWire(bottleneck, bottleneck))
            {
                var flood = WireProbe.Flood(network, 6_000_000, TimeSpan.FromSeconds(5));
                var queue = wire.Down.Statistics.Snapshot().QueueDelays.Select(d => d.DelayMs).ToList();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"throughput (3 Mb/s bottleneck, 150 ms queue, 6 Mb/s offered for 5 s): {flood.BitsPerSecond / 1e6:0.000} Mb/s received, {flood.Received}/{flood.Sent} datagrams, queueing delay p50 {WanRunMetrics.Percentile(queue, 0.5):0.0} max {queue.DefaultIfEmpty().Max():0.0} ms"));
                Precision(output, wire);
            }

            foreach (var loss in new[] { 0.02, 0.05 })
            {
                var lossy = new LinkShape { OneWayDelay = TimeSpan.FromMilliseconds(20), LossRatio = loss };
                using var wire = network.StartWire(lossy, lossy);
                var flood = WireProbe.Flood(network, 2_000_000, TimeSpan.FromSeconds(5), datagramBytes: 250);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"loss {loss:P0}: {flood.LossRatio:P2} of {flood.Sent} datagrams lost"));
                Precision(output, wire);
            }

            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            output.WriteLine("bench wanlink: " + ex.Message);
            return 1;
        }
    }

    private static void Precision(TextWriter output, WanWire wire)
    {
        var p = wire.Precision.Snapshot();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  wire lateness (us): p50 {p.P50:0} p90 {p.P90:0} p99 {p.P99:0} p99.9 {p.P999:0} max {p.Max:0} over {p.Packets} packets, SCHED_FIFO {wire.RealTime}; histogram {p.Histogram()}"));
    }
}
