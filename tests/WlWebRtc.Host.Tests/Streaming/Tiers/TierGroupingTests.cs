using WlWebRtc.Host.Streaming.Degradation;
using WlWebRtc.Host.Streaming.Tiers;
using WlWebRtc.Testing;

namespace WlWebRtc.Host.Tests.Streaming.Tiers;

public sealed class TierGroupingTests
{
    private readonly ManualTimeProvider _clock = new();

    private TierGrouping Grouping(int maxTiers = 2) => new(DegradationOptions.Default with { MaxTiers = maxTiers }, _clock);

    private static Dictionary<string, long> Estimates(params (string Id, long Bps)[] viewers) => viewers.ToDictionary(v => v.Id, v => v.Bps, StringComparer.Ordinal);

    [Fact]
    public void Update_SimilarLinks_AllInTheFirstTier()
    {
        var tiers = Grouping().Update(Estimates(("a", 10_000_000), ("b", 6_000_000)));

        Assert.Equal(0, tiers["a"]);
        Assert.Equal(0, tiers["b"]);
    }

    [Fact]
    public void Update_ViewerBelowHalfTheFastest_GoesToTheSecondTierAtOnce()
    {
        var grouping = Grouping();
        grouping.Update(Estimates(("fast", 10_000_000), ("slow", 8_000_000)));

        var tiers = grouping.Update(Estimates(("fast", 10_000_000), ("slow", 1_000_000)));

        Assert.Equal(0, tiers["fast"]);
        Assert.Equal(1, tiers["slow"]);
    }

    [Fact]
    public void Update_TwoTiersOnly_TheSlowestShareTheLastTier()
    {
        var tiers = Grouping().Update(Estimates(("fast", 20_000_000), ("mid", 4_000_000), ("slow", 300_000)));

        Assert.Equal([0, 1, 1], new[] { tiers["fast"], tiers["mid"], tiers["slow"] });
    }

    [Fact]
    public void Update_ThreeTiers_SplitSquaredForTheThird()
    {
        var tiers = Grouping(maxTiers: 3).Update(Estimates(("fast", 20_000_000), ("mid", 8_000_000), ("slow", 2_000_000)));

        Assert.Equal([0, 1, 2], new[] { tiers["fast"], tiers["mid"], tiers["slow"] });
    }

    [Fact]
    public void Update_OneTier_EveryoneTogether()
    {
        var tiers = Grouping(maxTiers: 1).Update(Estimates(("fast", 20_000_000), ("slow", 300_000)));

        Assert.Equal(0, tiers["slow"]);
    }

    [Fact]
    public void Update_SlowViewerRecovers_BackOnlyAboveTheRejoinMark()
    {
        var grouping = Grouping();
        grouping.Update(Estimates(("fast", 10_000_000), ("slow", 1_000_000)));
        _clock.Advance(TimeSpan.FromSeconds(10));

        // 6 Mb/s is above the split (5) but below the rejoin mark (0.5 x 1.4 = 7 Mb/s): it stays
        Assert.Equal(1, grouping.Update(Estimates(("fast", 10_000_000), ("slow", 6_000_000)))["slow"]);
        Assert.Equal(1, grouping.Update(Estimates(("fast", 10_000_000), ("slow", 8_000_000)))["slow"]);
        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(0, grouping.Update(Estimates(("fast", 10_000_000), ("slow", 8_000_000)))["slow"]);
    }

    [Fact]
    public void Update_SlowViewerRecoversAtOnce_BackOnlyAfterTheHold()
    {
        var grouping = Grouping();
        grouping.Update(Estimates(("fast", 10_000_000), ("slow", 1_000_000)));

        Assert.Equal(1, grouping.Update(Estimates(("fast", 10_000_000), ("slow", 8_000_000)))["slow"]);
        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(0, grouping.Update(Estimates(("fast", 10_000_000), ("slow", 8_000_000)))["slow"]);
    }

    [Fact]
    public void Update_FastViewerLeaves_TheSlowOneIsTheFastestAndFirst()
    {
        var grouping = Grouping();
        grouping.Update(Estimates(("fast", 10_000_000), ("slow", 1_000_000)));

        var tiers = grouping.Update(Estimates(("slow", 1_000_000)));

        Assert.Equal(0, tiers["slow"]);
        Assert.Single(tiers);
    }

    [Fact]
    public void Update_FastestDipsForAMomentLongAfterTheMove_SlowViewerStays()
    {
        // The fast viewer's estimate dips after an overuse (or the slow one's jumps on a probe) for a second, long
        // after the slow viewer moved down: crossing the rejoin mark for a moment is no reason for two moves.
        var grouping = Grouping();
        grouping.Update(Estimates(("fast", 10_000_000), ("slow", 1_000_000)));
        _clock.Advance(TimeSpan.FromSeconds(10));

        var dip = grouping.Update(Estimates(("fast", 1_300_000), ("slow", 1_000_000)));
        _clock.Advance(TimeSpan.FromSeconds(1));
        var back = grouping.Update(Estimates(("fast", 10_000_000), ("slow", 1_000_000)));

        Assert.Equal(1, dip["slow"]);
        Assert.Equal(1, back["slow"]);
    }

    [Fact]
    public void Update_RejoinMarkHeldForTheHold_SlowViewerMovesUp()
    {
        var grouping = Grouping();
        grouping.Update(Estimates(("fast", 10_000_000), ("slow", 1_000_000)));
        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(1, grouping.Update(Estimates(("fast", 10_000_000), ("slow", 8_000_000)))["slow"]);
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, grouping.Update(Estimates(("fast", 10_000_000), ("slow", 7_500_000)))["slow"]);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, grouping.Update(Estimates(("fast", 10_000_000), ("slow", 8_000_000)))["slow"]);
    }

    [Fact]
    public void Update_FastestDipsBelowTheSlowOneForAMoment_NobodyMoves()
    {
        // Seen end to end at the start: 2.4 s after the slow viewer moved down, the fast viewer's estimate fell to
        // 0.43 Mb/s (under the slow one's 1.06) for 0.7 s; the two swapped tiers and swapped back (four moves).
        var grouping = Grouping();
        grouping.Update(Estimates(("fast", 3_000_000), ("slow", 1_500_000)));
        grouping.Update(Estimates(("fast", 4_000_000), ("slow", 1_500_000)));
        _clock.Advance(TimeSpan.FromSeconds(2.4));

        var dip = grouping.Update(Estimates(("fast", 430_000), ("slow", 1_060_000)));
        _clock.Advance(TimeSpan.FromSeconds(0.7));
        var back = grouping.Update(Estimates(("fast", 1_500_000), ("slow", 1_060_000)));
        _clock.Advance(TimeSpan.FromSeconds(1));
        var steady = grouping.Update(Estimates(("fast", 8_000_000), ("slow", 600_000)));

        Assert.Equal((0, 1), (dip["fast"], dip["slow"]));
        Assert.Equal((0, 1), (back["fast"], back["slow"]));
        Assert.Equal((0, 1), (steady["fast"], steady["slow"]));
    }

    [Fact]
    public void Update_FastestStaysBelowTheSlowOne_TheySwapAfterTheHold()
    {
        var grouping = Grouping();
        grouping.Update(Estimates(("fast", 10_000_000), ("slow", 1_000_000)));
        _clock.Advance(TimeSpan.FromSeconds(10));

        var first = grouping.Update(Estimates(("fast", 400_000), ("slow", 1_000_000)));
        _clock.Advance(TimeSpan.FromSeconds(3));
        grouping.Update(Estimates(("fast", 400_000), ("slow", 1_000_000)));
        var swapped = grouping.Update(Estimates(("fast", 400_000), ("slow", 1_000_000)));

        Assert.Equal((0, 1), (first["fast"], first["slow"]));
        Assert.Equal((1, 0), (swapped["fast"], swapped["slow"]));
    }

    [Fact]
    public void Update_AloneInItsTierBelowItsBand_StaysAsNobodyIsDraggedDown()
    {
        var grouping = Grouping(maxTiers: 3);
        grouping.Update(Estimates(("fast", 10_000_000), ("mid", 4_000_000)));

        var tiers = grouping.Update(Estimates(("fast", 10_000_000), ("mid", 1_000_000)));

        Assert.Equal(1, tiers["mid"]);
    }

    [Fact]
    public void Update_NewViewerBelowTheOthersBand_GoesDownAtOnce()
    {
        var grouping = Grouping();
        grouping.Update(Estimates(("fast", 10_000_000)));

        var tiers = grouping.Update(Estimates(("fast", 10_000_000), ("slow", 600_000)));

        Assert.Equal((0, 1), (tiers["fast"], tiers["slow"]));
    }

    [Fact]
    public void Update_FasterTierLeftEmpty_TheFastestOfTheRestMovesUpAtOnceTheSlowerStays()
    {
        var grouping = Grouping(maxTiers: 3);
        grouping.Update(Estimates(("fast", 20_000_000), ("mid", 8_000_000), ("slow", 1_000_000)));

        var tiers = grouping.Update(Estimates(("mid", 8_000_000), ("slow", 1_000_000)));

        Assert.Equal((0, 2), (tiers["mid"], tiers["slow"]));
    }
}
