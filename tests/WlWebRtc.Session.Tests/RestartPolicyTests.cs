using WlWebRtc.Session.Restart;

namespace WlWebRtc.Session.Tests;

public sealed class RestartPolicyTests
{
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(2);

    [Fact]
    public void NextDelay_RestartsInARow_DoubleUpToTheMaximum()
    {
        var policy = new RestartPolicy(new RestartOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(60), 0));

        var delays = Enumerable.Range(0, 6).Select(_ => policy.NextDelay(Short)!.Value.TotalSeconds).ToArray();

        Assert.Equal([1, 2, 4, 8, 8, 8], delays);
        Assert.Equal(6, policy.RestartsInARow);
    }

    [Fact]
    public void NextDelay_AfterAStableRun_StartsOverAtTheInitialDelay()
    {
        var policy = new RestartPolicy(new RestartOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), 3));
        _ = policy.NextDelay(Short);
        _ = policy.NextDelay(Short);
        _ = policy.NextDelay(Short);

        var delay = policy.NextDelay(TimeSpan.FromSeconds(60));

        Assert.Equal(TimeSpan.FromSeconds(1), delay);
        Assert.Equal(1, policy.RestartsInARow);
    }

    [Fact]
    public void NextDelay_PastMaxRestartsInARow_GivesUp()
    {
        var policy = new RestartPolicy(new RestartOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), 3));

        var delays = Enumerable.Range(0, 4).Select(_ => policy.NextDelay(Short)).ToArray();

        Assert.All(delays[..3], d => Assert.NotNull(d));
        Assert.Null(delays[3]);
    }

    [Fact]
    public void NextDelay_MaxRestartsZero_NeverGivesUpAndStaysAtTheMaximum()
    {
        var policy = new RestartPolicy(new RestartOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), 0));

        var delays = Enumerable.Range(0, 200).Select(_ => policy.NextDelay(Short)).ToArray();

        Assert.All(delays, d => Assert.NotNull(d));
        Assert.Equal(TimeSpan.FromSeconds(30), delays[^1]);
    }

    [Fact]
    public void NextDelay_ZeroInitialDelay_RestartsAtOnce()
    {
        var policy = new RestartPolicy(new RestartOptions(TimeSpan.Zero, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), 0));

        Assert.Equal(TimeSpan.Zero, policy.NextDelay(Short));
        Assert.Equal(TimeSpan.Zero, policy.NextDelay(Short));
    }
}
