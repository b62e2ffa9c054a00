namespace WlWebRtc.RateLimiting;

/// <summary>How failed authentication is limited (see <see cref="AuthenticationGuard"/>).</summary>
/// <param name="FailuresPerAddress">Failures an address may make before it is locked out.</param>
/// <param name="FirstLockout">How long the first lockout of an address lasts; each further one doubles it.</param>
/// <param name="MaxLockout">The longest lockout.</param>
/// <param name="FailureMemory">How long an address's failures are remembered (without a lockout).</param>
/// <param name="GlobalAttemptsPerSecond">Token checks per second from addresses not recently authenticated, all together.</param>
/// <param name="GlobalBurst">Token checks such addresses may make at once, all together.</param>
public sealed record AuthenticationLimits(
    int FailuresPerAddress, TimeSpan FirstLockout, TimeSpan MaxLockout, TimeSpan FailureMemory, double GlobalAttemptsPerSecond, int GlobalBurst)
{
    /// <summary>
    /// 5 failures, then 2 s, 4 s, … up to 5 min; 10 checks a second (burst 30) from unknown addresses, so that an
    /// attacker rotating source addresses makes at most about that many guesses a second on one endpoint.
    /// </summary>
    public static AuthenticationLimits Default { get; } = new(5, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), 10, 30);
}
