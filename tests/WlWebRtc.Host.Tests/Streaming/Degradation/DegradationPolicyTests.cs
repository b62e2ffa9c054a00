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
        Assert.Equal((5, 0.75), (policy.FrameRate, policy.Scale));

        Assert.False(policy.Update(3_000_000, Width, Height)); // inside the hold
        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.True(policy.Update(3_000_000, Width, Height));
        Assert.Equal((5, 1.0), (policy.FrameRate, policy.Scale)); // the full picture comes back first
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

    [Theory]
    [InlineData(60_000L, 0.75, 960, 540)]
    [InlineData(30_000L, 0.5, 640, 360)]
    [InlineData(5_000L, 0.5, 640, 360)]
    public void Update_StarvedAtTheLowestFrameRate_ScalesThePictureDown(long bitrate, double scale, int width, int height)
    {
        // 60 kb/s at 5 fps is 0.013 bits per pixel at 1280x720 (low), 0.023 at 960x540
        var policy = Policy();

        Assert.True(policy.Update(bitrate, Width, Height));

        Assert.Equal(5, policy.FrameRate);
        Assert.Equal(scale, policy.Scale);
        Assert.Equal((width, height), policy.EncodedSize(Width, Height));
    }

    [Fact]
    public void Update_FrameRateStillUseful_PictureKeepsItsSize()
    {
        // 100 kb/s is enough at 5 fps (0.022): only the rate goes down
        var policy = Policy();

        policy.Update(100_000, Width, Height);

        Assert.Equal((5, 1.0), (policy.FrameRate, policy.Scale));
        Assert.Equal((Width, Height), policy.EncodedSize(Width, Height));
    }

    [Fact]
    public void Update_ScaleWouldGoBelowMinHeight_StaysAtTheLastRungAboveIt()
    {
        // 3/4 of 720 rows is 540, 1/2 is 360: with a 400-row minimum only 3/4 is allowed
        var policy = Policy(DegradationOptions.Default with { MinHeight = 400 });

        policy.Update(5_000, Width, Height);

        Assert.Equal(0.75, policy.Scale);
    }

    [Fact]
    public void Update_CaptureShrinksBelowTheScaledMinimum_ScaleComesBackAtOnce()
    {
        var policy = Policy();
        policy.Update(5_000, Width, Height);
        Assert.Equal(0.5, policy.Scale);

        // the output was resized to 800x600: 1/2 would be 300 rows, 3/4 450
        Assert.True(policy.Update(5_000, 800, 600));

        Assert.Equal(0.75, policy.Scale);
        Assert.Equal((600, 450), policy.EncodedSize(800, 600));
    }

    [Fact]
    public void Update_ScaleDownOff_OnlyTheFrameRateMoves()
    {
        var policy = Policy(DegradationOptions.Default with { ScaleDown = false });

        policy.Update(5_000, Width, Height);

        Assert.Equal((5, 1.0), (policy.FrameRate, policy.Scale));
    }

    [Fact]
    public void Update_OddSizes_EncodedSizeEven()
    {
        var policy = Policy();
        policy.Update(5_000, 1366, 769);

        var (width, height) = policy.EncodedSize(1366, 769);

        Assert.Equal((682, 384), (width, height));
    }
}
