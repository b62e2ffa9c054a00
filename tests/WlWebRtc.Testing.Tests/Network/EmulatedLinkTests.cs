using WlWebRtc.Testing.Network;

namespace WlWebRtc.Testing.Tests.Network;

public sealed class EmulatedLinkTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void Offer_NoBottleneck_ArrivesAfterOneWayDelayExactly()
    {
        var time = new ManualTimeProvider();
        var link = new EmulatedLink<int>(new LinkShape { OneWayDelay = 20 * Ms }, time, new Random(1));

        Assert.Equal(LinkVerdict.Accepted, link.Offer(7, 1200));
        var due = new List<int>();
        time.Advance(19.9 * Ms);
        link.TakeDue(due);
        Assert.Empty(due);
        time.Advance(0.1 * Ms);
        link.TakeDue(due);
        Assert.Equal([7], due);
    }

    [Fact]
    public void Offer_Bottleneck_SerialisesPacketsAtTheRate()
    {
        // 1250 bytes at 1 Mb/s take 10 ms each: the fifth leaves the bottleneck at 50 ms, arrives at 55 ms.
        var time = new ManualTimeProvider();
        var link = new EmulatedLink<int>(Shape(1_000_000, 5 * Ms, QueueLimit.OfBytes(100_000)), time, new Random(1));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(LinkVerdict.Accepted, link.Offer(i, 1250));
        }

        var due = new List<int>();
        time.Advance(15 * Ms);
        link.TakeDue(due);
        Assert.Equal([0], due);
        time.Advance(39.99 * Ms);
        link.TakeDue(due);
        Assert.Equal([0, 1, 2, 3], due);
        time.Advance(0.01 * Ms);
        link.TakeDue(due);
        Assert.Equal([0, 1, 2, 3, 4], due);
    }

    [Fact]
    public void Offer_QueueLimitedByTime_DropsTheTail()
    {
        // 1 Mb/s with a 50 ms queue holds 6250 bytes: the packet on the wire plus 4 more of 1250, the 6th and 7th are dropped.
        var time = new ManualTimeProvider();
        var link = new EmulatedLink<int>(Shape(1_000_000, TimeSpan.Zero, QueueLimit.OfTime(50 * Ms)), time, new Random(1));

        var verdicts = Enumerable.Range(0, 7).Select(i => link.Offer(i, 1250)).ToList();

        Assert.Equal([.. Enumerable.Repeat(LinkVerdict.Accepted, 5), LinkVerdict.QueueFull, LinkVerdict.QueueFull], verdicts);
        Assert.Equal(2, link.Statistics.Snapshot().Bins.Sum(b => b.QueueFull));
    }

    [Fact]
    public void Offer_QueueLimitedByBytes_AcceptsAgainOnceDrained()
    {
        var time = new ManualTimeProvider();
        var link = new EmulatedLink<int>(Shape(1_000_000, TimeSpan.Zero, QueueLimit.OfBytes(2500)), time, new Random(1));

        Assert.Equal(LinkVerdict.Accepted, link.Offer(0, 1250));
        Assert.Equal(LinkVerdict.Accepted, link.Offer(1, 1250));
        Assert.Equal(LinkVerdict.QueueFull, link.Offer(2, 1250));
        time.Advance(10 * Ms);
        Assert.Equal(LinkVerdict.Accepted, link.Offer(3, 1250));
    }

    [Fact]
    public void Offer_QueueingDelay_IsTheWaitBeforeSerialisation()
    {
        var time = new ManualTimeProvider();
        var link = new EmulatedLink<int>(Shape(1_000_000, TimeSpan.Zero, QueueLimit.OfBytes(100_000)), time, new Random(1));
        link.Offer(0, 1250);
        link.Offer(1, 1250);
        link.Offer(2, 1250);
        time.Advance(100 * Ms);
        link.TakeDue(new List<int>());

        var delays = link.Statistics.Snapshot().QueueDelays.Select(d => d.DelayMs).ToList();
        Assert.Equal([0.0, 10.0, 20.0], delays);
    }

    [Fact]
    public void Offer_RandomLoss_DropsAboutThatShare()
    {
        var time = new ManualTimeProvider();
        var link = new EmulatedLink<int>(new LinkShape { LossRatio = 0.05 }, time, new Random(14));

        var lost = Enumerable.Range(0, 20_000).Count(i => link.Offer(i, 100) == LinkVerdict.Lost);

        Assert.InRange(lost / 20_000.0, 0.045, 0.055);
    }

    [Fact]
    public void Offer_DuringOutage_IsDroppedAndTheQueueGoesWithIt()
    {
        // 1 Mb/s until 25 ms, an outage until 100 ms: of five 10 ms packets offered at 0, two get through, the
        // third is cut on the wire, the rest are dropped with the queue; during the outage everything is dropped.
        var time = new ManualTimeProvider();
        var shape = new LinkShape
        {
            Queue = QueueLimit.OfBytes(100_000),
            Phases = [new(TimeSpan.Zero, 1_000_000), new(25 * Ms, 0, Outage: true), new(100 * Ms, 1_000_000)],
        };
        var link = new EmulatedLink<int>(shape, time, new Random(1));
        for (var i = 0; i < 5; i++)
        {
            link.Offer(i, 1250);
        }

        var due = new List<int>();
        time.Advance(50 * Ms);
        link.TakeDue(due);
        Assert.Equal([0, 1], due);
        Assert.Equal(LinkVerdict.Outage, link.Offer(9, 100));
        Assert.Equal(4, link.Statistics.Snapshot().Bins.Sum(b => b.OutageDrops));
        time.Advance(50 * Ms);
        Assert.Equal(LinkVerdict.Accepted, link.Offer(10, 1250));
        Assert.Equal(1250, link.BacklogBytes);
    }

    [Fact]
    public void Offer_RateChangesMidPacket_IntegratesAcrossTheBoundary()
    {
        // 2500 bytes = 20 kbit: 5 ms at 2 Mb/s carry 10 kbit, the other 10 kbit take 20 ms at 0.5 Mb/s: out at 25 ms.
        var time = new ManualTimeProvider();
        var shape = new LinkShape { Queue = QueueLimit.OfBytes(100_000), Phases = [new(TimeSpan.Zero, 2_000_000), new(5 * Ms, 500_000)] };
        var link = new EmulatedLink<int>(shape, time, new Random(1));
        link.Offer(1, 2500);

        Assert.Equal(25 * Ms, link.NextEvent());
    }

    [Fact]
    public void Statistics_Bins_CountThroughputAndCapacityPer100Ms()
    {
        var time = new ManualTimeProvider();
        var shape = new LinkShape { Queue = QueueLimit.OfBytes(1_000_000), Phases = [new(TimeSpan.Zero, 1_000_000), new(200 * Ms, 500_000)] };
        var link = new EmulatedLink<int>(shape, time, new Random(1));
        for (var i = 0; i < 30; i++)
        {
            link.Offer(i, 1250);
        }

        time.Advance(300 * Ms);
        link.TakeDue(new List<int>());
        var bins = link.Statistics.Snapshot().Bins;

        Assert.Equal([1_000_000L, 1_000_000L, 500_000L], bins.Select(b => b.CapacityBitsPerSecond).Take(3));
        Assert.Equal(1.0, bins[1].Utilisation!.Value, 2);
        Assert.Equal(30 * 1250, bins.Sum(b => b.OfferedBytes));
    }

    [Fact]
    public void Offer_JitterWithoutReordering_StaysWithinBoundsAndInOrder()
    {
        var time = new ManualTimeProvider();
        var link = new EmulatedLink<int>(new LinkShape { OneWayDelay = 30 * Ms, Jitter = 15 * Ms }, time, new Random(3));
        var arrivals = new List<(int Item, TimeSpan At)>();
        for (var i = 0; i < 500; i++)
        {
            link.Offer(i, 100);
            time.Advance(1 * Ms);
            while (link.TryTakeDue(out var item, out var at))
            {
                arrivals.Add((item, at));
            }
        }

        time.Advance(100 * Ms);
        while (link.TryTakeDue(out var item, out var at))
        {
            arrivals.Add((item, at));
        }

        Assert.Equal(Enumerable.Range(0, 500), arrivals.Select(a => a.Item));
        var delays = arrivals.Select(a => (a.At - (a.Item * Ms)).TotalMilliseconds).ToList();
        Assert.All(delays, d => Assert.InRange(d, 15, 45));
        Assert.True(delays.Max() - delays.Min() > 10, "no jitter");
    }

    [Fact]
    public void Offer_JitterWithReordering_SomePacketsOvertake()
    {
        var time = new ManualTimeProvider();
        var link = new EmulatedLink<int>(new LinkShape { OneWayDelay = 30 * Ms, Jitter = 15 * Ms, Reordering = true }, time, new Random(3));
        for (var i = 0; i < 200; i++)
        {
            link.Offer(i, 100);
            time.Advance(1 * Ms);
        }

        time.Advance(100 * Ms);
        var due = new List<int>();
        link.TakeDue(due);

        Assert.Equal(200, due.Count);
        Assert.NotEqual(Enumerable.Range(0, 200), due);
    }

    [Fact]
    public void Validate_JitterAboveTheDelay_IsAnError()
    {
        var shape = new LinkShape { OneWayDelay = 10 * Ms, Jitter = 20 * Ms };

        var error = Assert.Throws<ArgumentException>(shape.Validate);

        Assert.Contains("Jitter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadShape_ListsEveryError()
    {
        var shape = new LinkShape { LossRatio = 2, Phases = [new(5 * Ms, -1)], Queue = new QueueLimit(TimeSpan.Zero, 0) };

        var error = Assert.Throws<ArgumentException>(shape.Validate);

        Assert.Contains("LossRatio", error.Message, StringComparison.Ordinal);
        Assert.Contains("first phase", error.Message, StringComparison.Ordinal);
        Assert.Contains("BitsPerSecond", error.Message, StringComparison.Ordinal);
        Assert.Contains("Queue", error.Message, StringComparison.Ordinal);
    }

    private static LinkShape Shape(long bitsPerSecond, TimeSpan delay, QueueLimit queue) =>
        new() { OneWayDelay = delay, Queue = queue, Phases = LinkShape.Constant(bitsPerSecond) };
}
