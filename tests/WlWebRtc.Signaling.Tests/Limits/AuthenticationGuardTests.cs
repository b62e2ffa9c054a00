using WlWebRtc.RateLimiting;
using WlWebRtc.Signaling.Tests.Infrastructure;
using WlWebRtc.Testing;

namespace WlWebRtc.Signaling.Tests.Limits;

public sealed class AuthenticationGuardTests
{
    private static readonly AuthenticationLimits Limits = new(3, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10), 10, 20);
    private readonly ManualTimeProvider _time = new();

    private static void FailTimes(AuthenticationGuard guard, string client, int times)
    {
        for (var i = 0; i < times; i++)
        {
            Assert.True(guard.TryBegin(client, out _, out _));
            guard.Failed(client);
        }
    }

    [Fact]
    public void TryBegin_AfterFailuresPerAddress_LockedOutWithDoublingBackoffUpToTheCap()
    {
        var guard = new AuthenticationGuard(Limits, _time);
        var lockouts = new List<TimeSpan>();
        for (var round = 0; round < 6; round++)
        {
            FailTimes(guard, "10.0.0.1", Limits.FailuresPerAddress);
            Assert.False(guard.TryBegin("10.0.0.1", out var retryAfter, out var reason));
            Assert.Contains("this address", reason, StringComparison.Ordinal);
            lockouts.Add(retryAfter);
            _time.Advance(retryAfter - TimeSpan.FromMilliseconds(1));
            Assert.False(guard.TryBegin("10.0.0.1", out _, out _));
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal([2, 4, 8, 16, 30, 30], lockouts.Select(l => l.TotalSeconds));
        Assert.True(guard.TryBegin("10.0.0.2", out _, out _));
    }

    [Fact]
    public void TryBegin_AttackerRotatingAddresses_GlobalBudgetBoundsGuesses()
    {
        var guard = new AuthenticationGuard(Limits, _time);
        var checkedTokens = 0;

        // 10,000 guesses in one second, each from a new address: only the global budget's worth are checked.
        for (var i = 0; i < 10_000; i++)
        {
            if (i % 1000 == 0)
            {
                _time.Advance(TimeSpan.FromMilliseconds(100));
            }

            var client = $"10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}";
            if (guard.TryBegin(client, out _, out _))
            {
                checkedTokens++;
                guard.Failed(client);
            }
        }

        Assert.InRange(checkedTokens, 1, Limits.GlobalBurst + (int)Limits.GlobalAttemptsPerSecond + 1);
        Assert.True(guard.TrackedAddresses <= checkedTokens);
    }

    [Fact]
    public void TryBegin_ViewerThatAuthenticatedBefore_PassesWhileTheGlobalBudgetIsSpent()
    {
        var guard = new AuthenticationGuard(Limits, _time);
        Assert.True(guard.TryBegin("192.168.1.20", out _, out _));
        guard.Succeeded("192.168.1.20");
        for (var i = 0; guard.TryBegin($"10.0.{i / 256}.{i % 256}", out _, out _); i++)
        {
            guard.Failed($"10.0.{i / 256}.{i % 256}");
        }

        Assert.False(guard.TryBegin("10.9.9.9", out _, out var reason));
        Assert.Contains("server", reason, StringComparison.Ordinal);
        Assert.True(guard.TryBegin("192.168.1.20", out _, out _));
    }

    [Fact]
    public void Succeeded_AfterSomeFailures_ForgetsThem()
    {
        var guard = new AuthenticationGuard(Limits, _time);
        FailTimes(guard, "10.0.0.1", Limits.FailuresPerAddress - 1);
        Assert.True(guard.TryBegin("10.0.0.1", out _, out _));
        guard.Succeeded("10.0.0.1");
        FailTimes(guard, "10.0.0.1", Limits.FailuresPerAddress - 1);
        Assert.True(guard.TryBegin("10.0.0.1", out _, out _));
    }
}
