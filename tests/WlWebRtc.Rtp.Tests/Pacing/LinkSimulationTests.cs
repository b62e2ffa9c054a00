using System.Globalization;
using Xunit.Abstractions;

namespace WlWebRtc.Rtp.Tests.Pacing;

/// <summary>
/// The sender's control loop (pacer, estimator, probing) against a modelled bottleneck with a 150 ms tail-drop
/// queue and 40 ms RTT, in simulated time (see <see cref="LinkSimulation"/>); the goals of issue 14 as assertions.
/// The numbers are printed for the report.
/// </summary>
public sealed class LinkSimulationTests(ITestOutputHelper output)
{
    private const long Mbps = 1_000_000;

    [Fact]
    public void Run_ThreeMegabitLink_FirstFrameFastAndSeventyPercentUsedWithinFiveSeconds()
    {
        using var sim = new LinkSimulation(_ => 3 * Mbps, contentBitsPerSecond: 10 * Mbps);

        sim.RunUntil(TimeSpan.FromSeconds(12));

        var used = sim.DeliveredBitsPerSecond(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5));
        var steady = Percentile(sim.QueueDelays.Where(d => d.At > TimeSpan.FromSeconds(5)).Select(d => d.QueueMs), 0.95);
        Report(sim, used, steady);
        Assert.True(sim.FirstFrameAt < TimeSpan.FromSeconds(1));
        Assert.True(used >= 0.7 * 3 * Mbps, $"used {used}");
        Assert.True(steady <= 50, $"queueing p95 {steady} ms");
    }

    [Fact]
    public void Run_ApplicationLimitedOnFastLink_ProbesLiftTheEstimate()
    {
        // A terminal's worth of content (0.5 Mb/s) on a 20 Mb/s link: the delay-based controller alone stays near
        // 1.5x what is sent; probes show the link.
        using var sim = new LinkSimulation(_ => 20 * Mbps, contentBitsPerSecond: Mbps / 2);

        sim.RunUntil(TimeSpan.FromSeconds(5));

        Report(sim, sim.DeliveredBitsPerSecond(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5)), 0);
        Assert.True(sim.Estimate >= 10 * Mbps, $"estimate {sim.Estimate}");
    }

    [Fact]
    public void Run_CapacityDropAndReturn_LatencyBoundedAndUtilisationBack()
    {
        // 20 Mb/s, 1.5 Mb/s from 6 s to 12 s, 20 Mb/s again.
        using var sim = new LinkSimulation(t => t >= TimeSpan.FromSeconds(6) && t < TimeSpan.FromSeconds(12) ? 3 * Mbps / 2 : 20 * Mbps, contentBitsPerSecond: 15 * Mbps);

        sim.RunUntil(TimeSpan.FromSeconds(20));

        var afterDrop = Percentile(sim.QueueDelays.Where(d => d.At > TimeSpan.FromSeconds(8) && d.At < TimeSpan.FromSeconds(12)).Select(d => d.QueueMs), 0.95);
        var back = sim.DeliveredBitsPerSecond(TimeSpan.FromSeconds(16), TimeSpan.FromSeconds(17));
        Report(sim, back, afterDrop);
        Assert.True(sim.DeliveredBitsPerSecond(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5)) >= 0.7 * 15 * Mbps);
        Assert.True(afterDrop <= 50, $"queueing p95 2 s after the drop {afterDrop} ms");
        Assert.True(back >= 0.7 * 15 * Mbps, $"5 s after the return {back}");
    }

    [Theory]
    [InlineData(20.0)]
    [InlineData(20.5)]
    [InlineData(21.0)]
    [InlineData(21.7)]
    [InlineData(22.4)]
    public void Run_LongCapacityDropThenReturn_SeventyPercentWithinFourSecondsOfTheReturn(double returnSeconds)
    {
        // The wan bench's drop profile (20 Mb/s, 1.5 Mb/s from 10 s, 20 Mb/s again), with content that could fill
        // more than the link, the return at several points of the probe schedule: 70 % of the link carried in the
        // 1 s window that ends 4 s after the return (the bench's goal is 5 s, with a real encoder behind).
        var back = TimeSpan.FromSeconds(returnSeconds);
        using var sim = new LinkSimulation(t => t >= TimeSpan.FromSeconds(10) && t < back ? 3 * Mbps / 2 : 20 * Mbps, contentBitsPerSecond: 25 * Mbps);

        sim.RunUntil(back + TimeSpan.FromSeconds(6));

        var used = sim.DeliveredBitsPerSecond(back + TimeSpan.FromSeconds(3), back + TimeSpan.FromSeconds(4));
        Report(sim, used, 0);
        Assert.True(used >= 0.7 * 20 * Mbps, $"3-4 s after the return {used}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Run_FivePercentRandomLossEachWay_EstimateStaysNearTheLink(int seed)
    {
        // The wan bench's loss5 profile: 10 Mb/s, 5 % random loss each way (media and feedback), content that could
        // fill more. Random loss under 10 % is not congestion: the estimate must not be cut down to a fraction of the
        // link. Before the loss was judged over windows of 200 packets, 20-packet windows cut it to 4-7 Mb/s (5.4-5.8
        // delivered on average).
        using var sim = new LinkSimulation(_ => 10 * Mbps, contentBitsPerSecond: 25 * Mbps, randomLoss: 0.05, seed: seed);

        sim.RunUntil(TimeSpan.FromSeconds(25));

        var used = sim.DeliveredBitsPerSecond(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(25));
        Report(sim, used, 0);
        Assert.True(used >= 0.7 * 10 * Mbps, $"delivered {used} from 5 s on");
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(25)]
    public void Run_BenchDropProfileWithNacksAndKeyframes_QueueBackUnderFiftyMillisecondsWithinTwoSeconds(int contentMbps)
    {
        // The wan bench's drop profile (20 Mb/s, 1.5 Mb/s from 10 s to 20 s, 20 Mb/s again) with what the bench has and
        // the plain model lacks: the browser NACKs what the full queue dropped, the sender answers (RTX, unpaced) and asks
        // for a keyframe when a NACKed packet is gone, and a keyframe is three delta frames. The queue must stay under
        // 50 ms from 2 s after the drop (the bench's "settle": the last 50 ms excursion in the phase).
        var drop = TimeSpan.FromSeconds(10);
        var rise = TimeSpan.FromSeconds(20);
        using var sim = new LinkSimulation(t => t >= drop && t < rise ? 3 * Mbps / 2 : 20 * Mbps, contentBitsPerSecond: contentMbps * Mbps, nacks: true, keyframeFactor: 3);

        sim.RunUntil(rise + TimeSpan.FromSeconds(5));

        var settle = Settle(sim, drop, rise);
        var back = sim.DeliveredBitsPerSecond(rise + TimeSpan.FromSeconds(4), rise + TimeSpan.FromSeconds(5));
        Report(sim, back, 0);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"settle {settle:0.00} s; NACKed {sim.Nacked}; retransmitted {sim.Statistics.PacketsRetransmitted}; keyframes asked by the sender {sim.KeyframesRequestedBySender}"));
        Assert.True(settle <= 2, $"the queue went over 50 ms {settle:0.00} s after the drop");

        // What the smaller link could not resend is repaired by a keyframe: one per congestion episode, not one per NACK.
        Assert.InRange(sim.KeyframesRequestedBySender, 1, 5);
        Assert.True(back >= 0.7 * Math.Min(contentMbps, 20) * Mbps * 0.9, $"4-5 s after the rise {back}");
    }

    [Fact]
    public void Run_BenchDropProfileWithAdaptivePlayoutDelay_TailDropDoesNotRaiseThePlayoutDelay()
    {
        // What the full queue drops at a capacity drop is congestion, which the estimate answers; the playout delay is for
        // random loss, and raising it here would only add latency to a link that already has too much.
        var drop = TimeSpan.FromSeconds(10);
        var rise = TimeSpan.FromSeconds(20);
        using var sim = new LinkSimulation(t => t >= drop && t < rise ? 3 * Mbps / 2 : 20 * Mbps, contentBitsPerSecond: 16 * Mbps, nacks: true, keyframeFactor: 3, adaptivePlayoutDelay: true);

        sim.RunUntil(rise + TimeSpan.FromSeconds(5));

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"NACKed {sim.Nacked}; playout delay switches {sim.Statistics.PlayoutDelaySwitches}"));
        Assert.True(sim.Nacked > 0, "the drop lost nothing: the test would not show anything");
        Assert.Equal(0, sim.Statistics.PlayoutDelaySwitches);
    }

    [Fact]
    public void Run_RandomLossWithAdaptivePlayoutDelay_AsksForARetransmissionRound()
    {
        using var sim = new LinkSimulation(_ => 10 * Mbps, contentBitsPerSecond: 25 * Mbps, randomLoss: 0.05, nacks: true, adaptivePlayoutDelay: true);

        sim.RunUntil(TimeSpan.FromSeconds(10));

        Assert.True(sim.Statistics.PlayoutDelayMin > TimeSpan.Zero, $"playout delay {sim.Statistics.PlayoutDelayMin}");
    }

    [Fact]
    public void Run_BenchLowProfile_QueueBoundedAndBackAfterTheRise()
    {
        // The wan bench's low profile: 3 Mb/s, 0.3 Mb/s from 8 s to 23 s, 3 Mb/s again; the estimate's floor at the
        // shipped 150 kb/s (at a 300 kb/s floor the estimate could not go below the link and the queue stood at about
        // 100 ms). The bound is 50 ms; at this rate each probe cluster (six 1200-byte packets are 190 ms of the
        // link) still lifts the queue to about 70 ms once every few seconds, so the p95 bound here is 60 ms.
        var drop = TimeSpan.FromSeconds(8);
        var rise = TimeSpan.FromSeconds(23);
        using var sim = new LinkSimulation(t => t >= drop && t < rise ? 3 * Mbps / 10 : 3 * Mbps, contentBitsPerSecond: 10 * Mbps, nacks: true, keyframeFactor: 3, minBitrate: 150_000);

        sim.RunUntil(rise + TimeSpan.FromSeconds(6));

        var steady = Percentile(sim.QueueDelays.Where(d => d.At >= drop + TimeSpan.FromSeconds(2) && d.At < rise).Select(d => d.QueueMs), 0.95);
        var back = sim.DeliveredBitsPerSecond(rise + TimeSpan.FromSeconds(4), rise + TimeSpan.FromSeconds(5));
        Report(sim, back, steady);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"settle {Settle(sim, drop, rise):0.00} s; NACKed {sim.Nacked}; retransmitted {sim.Statistics.PacketsRetransmitted}; keyframes asked by the sender {sim.KeyframesRequestedBySender}"));
        Assert.True(steady <= 60, $"queueing p95 {steady} ms from 2 s after the drop");
        Assert.True(back >= 0.7 * 3 * Mbps, $"4-5 s after the rise {back}");
    }

    /// <summary>As the bench: seconds from the drop to the end of the last excursion over 50 ms before the rise.</summary>
    private static double Settle(LinkSimulation sim, TimeSpan drop, TimeSpan rise)
    {
        var over = sim.QueueDelays.Where(d => d.At >= drop && d.At < rise && d.QueueMs > 50).Select(d => d.At).DefaultIfEmpty(drop).Max();
        return (over - drop).TotalSeconds;
    }

    private static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, p * sorted.Length)];
    }

    private void Report(LinkSimulation sim, double bitsPerSecond, double queueMs)
    {
        var stats = sim.Statistics;
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"first frame {sim.FirstFrameAt?.TotalMilliseconds:0} ms; estimate {sim.Estimate / 1e6:0.00} Mb/s; delivered {bitsPerSecond / 1e6:0.00} Mb/s; queueing p95 {queueMs:0.0} ms"));
        output.WriteLine(string.Create(c, $"probe clusters {stats.ProbeClusters} ({stats.ProbeResults} results), padding {stats.PaddingBytesSent} B of {stats.BytesSent} B sent; keyframes asked by the pacer {sim.KeyframesRequested}"));
        for (var s = 0; s < (int)sim.Elapsed.TotalSeconds; s++)
        {
            var from = TimeSpan.FromSeconds(s);
            var q = Percentile(sim.QueueDelays.Where(d => d.At >= from && d.At < from + TimeSpan.FromSeconds(1)).Select(d => d.QueueMs), 0.95);
            var max = sim.QueueDelays.Where(d => d.At >= from && d.At < from + TimeSpan.FromSeconds(1)).Select(d => d.QueueMs).DefaultIfEmpty(0).Max();
            var estimates = string.Join(' ', sim.Samples.Where(e => e.At >= from && e.At < from + TimeSpan.FromSeconds(1)).Select(e => (e.Estimate / 1e6).ToString("0.0", c) + "/" + (e.QueueingUs / 1000).ToString(c)));
            var retransmitted = sim.Samples.Where(e => e.At < from + TimeSpan.FromSeconds(1)).Select(e => e.Retransmitted).DefaultIfEmpty(0).Max();
            output.WriteLine(string.Create(c, $"  {s,2} s: {sim.DeliveredBitsPerSecond(from, from + TimeSpan.FromSeconds(1)) / 1e6,6:0.00} Mb/s, queueing p95 {q,5:0.0} max {max,5:0.0} ms; rtx {retransmitted}; estimate {estimates}"));
        }
    }
}
