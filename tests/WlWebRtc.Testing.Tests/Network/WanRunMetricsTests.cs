using WlWebRtc.Testing.Network;

namespace WlWebRtc.Testing.Tests.Network;

public sealed class WanRunMetricsTests
{
    [Fact]
    public void Gaps_FreezeOutsideOutage_CountedAndOneAcrossOutageIsNot()
    {
        double[] frames = [0, 33, 66, 400, 433, 1000, 3000, 3033];

        var (freezes, longest) = WanRunMetrics.Gaps(frames, [(1500, 2500)]);

        Assert.Equal(2, freezes); // 66 -> 400 and 433 -> 1000; 1000 -> 3000 spans the outage
        Assert.Equal(2000, longest);
    }

    [Fact]
    public void SecondsTo70From_RampOverTwoSeconds_EndOfFirstWindowAt70Percent()
    {
        // 1 Mb/s capacity; sent 0.5 Mb/s for 1 s, then 0.8 Mb/s.
        var bins = Enumerable.Range(0, 40).Select(i => new LinkBin(TimeSpan.FromMilliseconds(100 * i), 1_000_000)
        {
            SentBytes = i < 10 ? 6250 : 10_000,
        }).ToList();

        var seconds = WanRunMetrics.SecondsTo70From(bins, TimeSpan.Zero);

        // The first window with 70 %: bins 4..13 carry 6 x 0.5 + 4 x 0.8 = 6.2 (< 7); bins 7..16 carry 3 x 0.5 + 7 x 0.8 = 7.1.
        Assert.Equal(1.7, seconds!.Value, 6);
    }

    [Fact]
    public void SecondsTo70From_NeverLoaded_IsNull()
    {
        var bins = Enumerable.Range(0, 30).Select(i => new LinkBin(TimeSpan.FromMilliseconds(100 * i), 1_000_000) { SentBytes = 100 }).ToList();

        Assert.Null(WanRunMetrics.SecondsTo70From(bins, TimeSpan.Zero));
    }

    [Fact]
    public void Percentile_NearestRank_PicksTheValueAtTheRank()
    {
        double[] values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];

        Assert.Equal(5, WanRunMetrics.Percentile(values, 0.5));
        Assert.Equal(10, WanRunMetrics.Percentile(values, 0.95));
        Assert.Equal(0, WanRunMetrics.Percentile([], 0.5));
    }

    [Fact]
    public void Profiles_All_AreValidAndNamedOnce()
    {
        foreach (var profile in WanProfile.All)
        {
            profile.Down.Validate();
            profile.Up.Validate();
        }

        Assert.Equal(WanProfile.All.Count, WanProfile.All.Select(p => p.Name).Distinct().Count());
    }

    [Fact]
    public void QueueBack_FullQueueThenDrainedWithALaterSpike_FirstWholeSecondUnder50()
    {
        // A drop at 10 s: 150 ms for 0.7 s, 20 ms after, one 66 ms bin at 15 s; back at 0.7 s (the spike is the settle's).
        var drop = TimeSpan.FromSeconds(10);
        var bins = Enumerable.Range(0, 100).Select(i => new LinkBin(drop + TimeSpan.FromMilliseconds(100 * i), 1_500_000)
        {
            QueueDelayMaxMs = i < 7 ? 150 : i == 50 ? 66 : 20,
        }).ToList();

        Assert.Equal(0.7, WanRunMetrics.QueueBack(bins, drop, drop + TimeSpan.FromSeconds(10))!.Value, 6);
    }

    [Fact]
    public void QueueBack_NeverAWholeSecondUnder50_Null()
    {
        var drop = TimeSpan.FromSeconds(10);
        var bins = Enumerable.Range(0, 30).Select(i => new LinkBin(drop + TimeSpan.FromMilliseconds(100 * i), 1_500_000)
        {
            QueueDelayMaxMs = i % 9 == 0 ? 80 : 20,
        }).ToList();

        Assert.Null(WanRunMetrics.QueueBack(bins, drop, drop + TimeSpan.FromSeconds(3)));
    }
}
