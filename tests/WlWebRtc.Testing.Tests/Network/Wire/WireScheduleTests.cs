using WlWebRtc.Testing.Network;
using WlWebRtc.Testing.Network.Wire;

namespace WlWebRtc.Testing.Tests.Network.Wire;

/// <summary>The wire's scheduling without I/O, on a manual clock.</summary>
public sealed class WireScheduleTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void NextDueTimestamp_TwoDirections_IsTheEarliestOfBoth()
    {
        var time = new ManualTimeProvider();
        var schedule = new WireSchedule(new LinkShape { OneWayDelay = 30 * Ms }, new LinkShape { OneWayDelay = 10 * Ms }, time, 1);
        var start = time.GetTimestamp();

        schedule.Offer(WireDirection.Down, new byte[100]);
        Assert.Equal(start + (30 * Ms).Ticks, schedule.NextDueTimestamp());
        time.Advance(5 * Ms);
        schedule.Offer(WireDirection.Up, new byte[100]);

        Assert.Equal(start + (15 * Ms).Ticks, schedule.NextDueTimestamp());
    }

    [Fact]
    public void TakeDue_BothDirectionsDue_EarliestFirstWithTheirDueTimes()
    {
        var time = new ManualTimeProvider();
        var schedule = new WireSchedule(new LinkShape { OneWayDelay = 20 * Ms }, new LinkShape { OneWayDelay = 10 * Ms }, time, 1);
        var start = time.GetTimestamp();
        schedule.Offer(WireDirection.Down, [1]);
        time.Advance(5 * Ms);
        schedule.Offer(WireDirection.Up, [2]);
        var due = new List<DuePacket>();

        time.Advance(9 * Ms);
        schedule.TakeDue(due);
        Assert.Empty(due);
        time.Advance(6 * Ms);
        schedule.TakeDue(due);

        Assert.Equal([WireDirection.Up, WireDirection.Down], due.Select(d => d.Direction));
        Assert.Equal([start + (15 * Ms).Ticks, start + (20 * Ms).Ticks], due.Select(d => d.DueTimestamp));
        Assert.Equal(5 * Ms, schedule.Lateness(due[0].DueTimestamp));
        Assert.Null(schedule.NextDueTimestamp());
    }

    [Fact]
    public void TakeDue_Bottleneck_WakesAtSerialisationEndThenAtArrival()
    {
        // 1250 bytes at 1 Mb/s: 10 ms on the bottleneck, then 20 ms of delay.
        var time = new ManualTimeProvider();
        var shape = new LinkShape { OneWayDelay = 20 * Ms, Phases = LinkShape.Constant(1_000_000), Queue = QueueLimit.OfBytes(100_000) };
        var schedule = new WireSchedule(shape, shape, time, 1);
        var start = time.GetTimestamp();
        schedule.Offer(WireDirection.Down, new byte[1250]);

        Assert.Equal(start + (10 * Ms).Ticks, schedule.NextDueTimestamp());
        time.Advance(10 * Ms);
        var due = new List<DuePacket>();
        schedule.TakeDue(due);
        Assert.Empty(due);
        Assert.Equal(start + (30 * Ms).Ticks, schedule.NextDueTimestamp());
    }
}
