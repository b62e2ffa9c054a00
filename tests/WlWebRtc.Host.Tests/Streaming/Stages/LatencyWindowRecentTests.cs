using WlWebRtc.Host.Streaming;

namespace WlWebRtc.Host.Tests.Streaming.Stages;

public sealed class LatencyWindowRecentTests
{
    [Fact]
    public void RecentMedian_MoreSamplesThanAsked_IsTheMedianOfTheNewest()
    {
        var window = new LatencyWindow(capacity: 8);
        foreach (var ms in new[] { 100, 100, 100, 100, 100, 100, 1, 2, 3 })
        {
            window.Add(TimeSpan.FromMilliseconds(ms));
        }

        Assert.Equal(2, window.RecentMedian(3));
        Assert.Equal(100, window.RecentMedian(8));
    }

    [Fact]
    public void RecentMedian_FewerSamplesThanAsked_UsesThoseThereAre()
    {
        var window = new LatencyWindow();
        window.Add(TimeSpan.FromMilliseconds(4));

        Assert.Equal(4, window.RecentMedian(30));
        Assert.Null(new LatencyWindow().RecentMedian(30));
    }
}
