using WlWebRtc.Host.Streaming.Degradation;
using WlWebRtc.Testing;

namespace WlWebRtc.Host.Tests.Streaming.Degradation;

public sealed class DegradationPolicyTests
{
    private const int Width = 1280;
    private const int Height = 720;
    private readonly ManualTimeProvider _clock = new();

    private DegradationPolicy Policy(DegradationOptions? options = null) => new(options ?? DegradationOptions.Default, 30, _clock);

    [Fact]
    public void Update_UsefulBitrate_KeepsTheCaptureRate()
    {
        var policy = Policy();

        Assert.False(policy.Update(2_000_000, Width, Height));

        Assert.Equal(30, policy.FrameRate);
    }

    [Theory]
    [InlineData(400_000L, 15)]
    [InlineData(200_000L, 10)]
    [InlineData(100_000L, 5)]
    [InlineData(20_000L, 5)]
    public void Update_BitrateBelowUseful_StepsDownAtOnceToTheFirstRungWithEnoughBits(long bitrate, int expected)
    {
        var policy = Policy();

        Assert.True(policy.Update(bitrate, Width, Height));

        Assert.Equal(expected, policy.FrameRate);
    }

    [Fact]
    public void Update_BitrateBack_RestoresOneRungPerHoldInReverseOrder()
    {
        var policy = Policy();
        policy.Update(60_000, Width, Height);
        Assert.Equal(5, policy.FrameRate);

        Assert.False(policy.Update(3_000_000, Width, Height)); // inside the hold
        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.True(policy.Update(3_000_000, Width, Height));
        Assert.Equal(10, policy.FrameRate);
        Assert.False(policy.Update(3_000_000, Width, Height));
        _clock.Advance(TimeSpan.FromSeconds(3));
        policy.Update(3_000_000, Width, Height);
        Assert.Equal(15, policy.FrameRate);
        _clock.Advance(TimeSpan.FromSeconds(3));
        policy.Update(3_000_000, Width, Height);
        Assert.Equal(30, policy.FrameRate);
    }

    [Fact]
    public void Update_BitrateBetweenThresholds_NoFlapping()
    {
        // At 10 fps 300 kb/s is 0.033 bits per pixel (not low); 15 fps would get 0.022, under the restore threshold.
        var policy = Policy();
        policy.Update(200_000, Width, Height);
        Assert.Equal(10, policy.FrameRate);

        for (var i = 0; i < 10; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            Assert.False(policy.Update(300_000, Width, Height));
        }

        Assert.Equal(10, policy.FrameRate);
    }

    [Fact]
    public void Update_MinFrameRate_NeverBelowIt()
    {
        var policy = Policy(DegradationOptions.Default with { MinFrameRate = 10 });

        policy.Update(20_000, Width, Height);

        Assert.Equal(10, policy.FrameRate);
    }

    [Fact]
    public void Update_Disabled_AlwaysTheCaptureRate()
    {
        var policy = Policy(DegradationOptions.Default with { Enabled = false });

        Assert.False(policy.Update(20_000, Width, Height));

        Assert.Equal(30, policy.FrameRate);
    }
}
