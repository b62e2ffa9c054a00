using WlWebRtc.Rtp.Pacing;

namespace WlWebRtc.Rtp.Tests.Pacing;

public sealed class PacingBudgetTests
{
    private const long TicksPerSecond = TimeSpan.TicksPerSecond;

    [Fact]
    public void Refill_LongIdle_CapsAtOneWindow()
    {
        var budget = new PacingBudget(TimeSpan.FromMilliseconds(5), TicksPerSecond);
        budget.Refill(0, 8_000_000);

        budget.Refill(TicksPerSecond, 8_000_000);

        // 8 Mb/s for 5 ms = 5000 bytes, however long it was idle.
        Assert.Equal(5000, budget.Bytes, 3);
    }

    [Fact]
    public void Refill_LateWhilePacketsWaited_CatchesUpToFourWindows()
    {
        var budget = new PacingBudget(TimeSpan.FromMilliseconds(5), TicksPerSecond);
        budget.Refill(0, 8_000_000);
        budget.Consume(6000);
        budget.TimeUntilCanSend(8_000_000);

        budget.Refill(TicksPerSecond, 8_000_000);

        Assert.Equal(20_000, budget.Bytes, 3);
    }

    [Fact]
    public void Refill_IdleAfterADebt_CapsAtOneWindow()
    {
        // The last packet left a debt, then nothing waited (the pacer went idle): no catch-up burst.
        var budget = new PacingBudget(TimeSpan.FromMilliseconds(5), TicksPerSecond);
        budget.Refill(0, 8_000_000);
        budget.Consume(6000);

        budget.Refill(TicksPerSecond, 8_000_000);

        Assert.Equal(5000, budget.Bytes, 3);
    }

    [Fact]
    public void Refill_OnTime_CapsAtOneWindow()
    {
        var budget = new PacingBudget(TimeSpan.FromMilliseconds(5), TicksPerSecond);
        budget.Refill(0, 8_000_000);
        budget.Consume(5000);

        budget.Refill(TicksPerSecond / 1000, 8_000_000);
        budget.Refill(2 * TicksPerSecond / 1000, 8_000_000);

        Assert.Equal(2000, budget.Bytes, 3);
    }

    [Fact]
    public void Consume_PastBudget_WaitsForTheDebtAtTheRate()
    {
        var budget = new PacingBudget(TimeSpan.FromMilliseconds(5), TicksPerSecond);
        budget.Refill(0, 8_000_000);
        budget.Consume(5000);
        budget.Consume(1000);

        Assert.False(budget.CanSend);
        var wait = budget.TimeUntilCanSend(8_000_000);
        Assert.InRange(wait.TotalMilliseconds, 1.0, 1.01); // 1000 bytes at 1 MB/s

        budget.Refill(wait.Ticks, 8_000_000);
        Assert.True(budget.CanSend);
    }

    [Fact]
    public void TimeUntilCanSend_TinyDebt_AtLeastOneMillisecond()
    {
        var budget = new PacingBudget(TimeSpan.FromMilliseconds(5), TicksPerSecond);
        budget.Refill(0, 800_000_000);
        budget.Consume(500_001);

        Assert.Equal(PacingBudget.MinWait, budget.TimeUntilCanSend(800_000_000));
    }
}
