using WlWebRtc.Rtp.Sending;

namespace WlWebRtc.Rtp.Tests.Sending;

public sealed class TokenBucketTests
{
    [Fact]
    public void TakeUpTo_MoreThanTheCapacity_GetsTheCapacityThenTheRate()
    {
        var bucket = new TokenBucket(capacity: 100, perSecond: 50, ticksPerSecond: 1000);

        Assert.Equal(100, bucket.TakeUpTo(1000, now: 0));
        Assert.Equal(0, bucket.TakeUpTo(1000, now: 0));
        Assert.Equal(50, bucket.TakeUpTo(1000, now: 1000));
        Assert.Equal(100, bucket.TakeUpTo(1000, now: 1_000_000));
    }

    [Fact]
    public void Add_Credits_NeverAboveTheCapacity()
    {
        var bucket = new TokenBucket(capacity: 10, perSecond: 0, ticksPerSecond: 1000);
        Assert.True(bucket.TryTake(10, now: 0));
        Assert.False(bucket.TryTake(1, now: 5000));

        for (var i = 0; i < 100; i++)
        {
            bucket.Add(1);
        }

        Assert.True(bucket.TryTake(10, now: 5000));
        Assert.False(bucket.TryTake(1, now: 5000));
    }
}
