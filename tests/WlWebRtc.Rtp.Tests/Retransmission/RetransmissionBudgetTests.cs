using WlWebRtc.Rtp.Retransmission;

namespace WlWebRtc.Rtp.Tests.Retransmission;

public sealed class RetransmissionBudgetTests
{
    private const long TicksPerSecond = 1000;

    [Fact]
    public void TryRetransmit_NoMedia_OnlyTheBurstAllowance()
    {
        var budget = new RetransmissionBudget(0.5, burstBytes: 3000, TicksPerSecond);

        Assert.True(budget.TryRetransmit(1200, now: 0));
        Assert.True(budget.TryRetransmit(1200, now: 1));
        Assert.False(budget.TryRetransmit(1200, now: 2));
        Assert.Equal(2400, budget.RetransmittedBytesInWindow);
    }

    [Fact]
    public void TryRetransmit_AsksForMoreThanTheFraction_RefusedBeyondIt()
    {
        var budget = new RetransmissionBudget(0.5, burstBytes: 0, TicksPerSecond);
        budget.OnMediaSent(10_000, now: 0);

        var granted = 0;
        for (var i = 0; i < 100; i++)
        {
            if (budget.TryRetransmit(1000, now: 10))
            {
                granted++;
            }
        }

        Assert.Equal(5, granted);
    }

    [Fact]
    public void TryRetransmit_MediaAboveTheCap_FractionOfTheCapOnly()
    {
        // A second of media sent at a rate the link no longer has: the budget is a share of what it has now.
        var budget = new RetransmissionBudget(0.5, burstBytes: 0, TicksPerSecond) { MaxMediaBytes = 4_000 };
        budget.OnMediaSent(100_000, now: 0);

        var granted = 0;
        for (var i = 0; i < 100; i++)
        {
            if (budget.TryRetransmit(1000, now: 10))
            {
                granted++;
            }
        }

        Assert.Equal(2, granted);
    }

    [Fact]
    public void TryRetransmit_AfterTheWindowSlides_BudgetComesBackWithNewMedia()
    {
        var budget = new RetransmissionBudget(0.5, burstBytes: 0, TicksPerSecond);
        budget.OnMediaSent(2000, now: 0);
        Assert.True(budget.TryRetransmit(1000, now: 0));
        Assert.False(budget.TryRetransmit(1000, now: 500));

        // One second later both the old media and the old retransmission have left the window.
        Assert.False(budget.TryRetransmit(1000, now: 1100));
        Assert.Equal(0, budget.MediaBytesInWindow);
        budget.OnMediaSent(2000, now: 1100);
        Assert.True(budget.TryRetransmit(1000, now: 1150));
    }
}
