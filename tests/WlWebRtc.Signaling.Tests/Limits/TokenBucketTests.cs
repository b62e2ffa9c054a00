using WlWebRtc.RateLimiting;
using WlWebRtc.Signaling.Tests.Infrastructure;
using WlWebRtc.Testing;

namespace WlWebRtc.Signaling.Tests.Limits;

public sealed class TokenBucketTests
{
    [Fact]
    public void TryTake_BeyondBurst_RefusedUntilRefilled()
    {
        var time = new ManualTimeProvider();
        var bucket = new TokenBucket(2, 3, time);
        Assert.Equal([true, true, true, false], Enumerable.Range(0, 4).Select(_ => bucket.TryTake()).ToArray());
        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True(bucket.TryTake());
        Assert.False(bucket.TryTake());
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(3, Enumerable.Range(0, 5).Count(_ => bucket.TryTake()));
    }

    [Fact]
    public void TryAcquire_PerClient_OneClientDoesNotStarveAnother()
    {
        var time = new ManualTimeProvider();
        var limiter = new ClientRateLimiter(1, 2, time);
        Assert.True(limiter.TryAcquire("10.0.0.1"));
        Assert.True(limiter.TryAcquire("10.0.0.1"));
        Assert.False(limiter.TryAcquire("10.0.0.1"));
        Assert.True(limiter.TryAcquire("10.0.0.2"));
    }

    [Fact]
    public void TryAcquire_ManyIdleClients_TableIsPruned()
    {
        var time = new ManualTimeProvider();
        var limiter = new ClientRateLimiter(10, 10, time);
        for (var i = 0; i < 5000; i++)
        {
            limiter.TryAcquire("client" + i);
        }

        time.Advance(TimeSpan.FromMinutes(1));
        limiter.TryAcquire("late");
        Assert.True(limiter.TrackedClients < 100, $"{limiter.TrackedClients} clients still tracked");
    }
}
