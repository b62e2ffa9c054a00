namespace WlWebRtc.Rtp.Bwe;

/// <summary>
/// Decides when to probe the path above the current estimate (as libwebrtc's probe controller): at the start a
/// cluster at 3x the start rate; after a probe that the path carried (at least 70 % of its rate), another at twice
/// the result, so the estimate climbs exponentially to the capacity within a few round trips; then every
/// <c>interval</c> one at twice the estimate, which finds a link that grew back after a drop, and a link the
/// encoder does not fill (an application-limited stream never shows the delay-based controller more). A probe
/// waits while the estimate sits at its ceiling, and a decrease (overuse, loss) puts the next periodic probe off by
/// one interval. A periodic probe that does not lift the estimate (the link is full) makes the next one wait half
/// as long again (up to <see cref="MaxBackoff"/> intervals), so a saturated link is not disturbed every interval;
/// one that lifts it resets the interval. Times in microseconds. Not thread-safe.
/// </summary>
internal sealed class ProbeController
{
    private const double InitialFactor = 3;
    private const double ExponentialFactor = 2;
    private const double ContinueRatio = 0.7;
    private const long ClusterDurationUs = 20_000;
    private const int MinPackets = 6;
    private const int MinBytes = MinPackets * 1000;
    private const long ResultTimeoutUs = 1_000_000;
    private const double Backoff = 1.5;
    private const double MaxBackoff = 5;
    private const double LiftRatio = 1.1;

    private readonly long _max;
    private readonly long _intervalUs;
    private int _nextId;
    private bool _started;
    private long _awaitingTarget;
    private long _awaitingSinceUs = long.MinValue;
    private long _continueTarget;
    private long _nextPeriodicUs;
    private double _backoff = 1;

    public ProbeController(long max, TimeSpan interval)
    {
        _max = max;
        _intervalUs = (long)interval.TotalMicroseconds;
    }

    /// <summary>Clusters started so far (tests, statistics).</summary>
    public int ClustersStarted => _nextId;

    /// <summary>The cluster to send now, if one is due at <paramref name="estimate"/>.</summary>
    public ProbeCluster? TakeDue(long nowUs, long estimate)
    {
        if (estimate >= _max)
        {
            return null;
        }

        if (!_started)
        {
            _started = true;
            return Start(estimate * InitialFactor, nowUs);
        }

        if (_awaitingSinceUs != long.MinValue && nowUs - _awaitingSinceUs < ResultTimeoutUs)
        {
            return null; // one probe at a time: its result decides the next
        }

        _awaitingSinceUs = long.MinValue;
        if (_continueTarget > estimate)
        {
            var target = _continueTarget;
            _continueTarget = 0;
            return Start(target, nowUs);
        }

        return nowUs >= _nextPeriodicUs ? Start(estimate * ExponentialFactor, nowUs) : null;
    }

    /// <summary>
    /// The path carried <paramref name="bitsPerSecond"/> in the last cluster; the estimate went from
    /// <paramref name="estimateBefore"/> to <paramref name="estimate"/>.
    /// </summary>
    public void OnResult(long bitsPerSecond, long estimateBefore, long estimate)
    {
        if (_awaitingSinceUs == long.MinValue)
        {
            return;
        }

        var lifted = estimate >= LiftRatio * estimateBefore;
        _backoff = lifted ? 1 : Math.Min(MaxBackoff, _backoff * Backoff);
        _nextPeriodicUs = _awaitingSinceUs + (long)(_intervalUs * _backoff);
        _awaitingSinceUs = long.MinValue;
        _continueTarget = bitsPerSecond >= ContinueRatio * _awaitingTarget && estimate < _max
            ? (long)(ExponentialFactor * bitsPerSecond)
            : 0;
    }

    /// <summary>The estimate went down: no exponential continuation, and the next periodic probe waits an interval.</summary>
    public void OnDecrease(long nowUs)
    {
        _continueTarget = 0;
        _nextPeriodicUs = nowUs + _intervalUs;
    }

    private ProbeCluster Start(double target, long nowUs)
    {
        var rate = (long)Math.Min(target, _max);
        _awaitingTarget = rate;
        _awaitingSinceUs = nowUs;
        _nextPeriodicUs = nowUs + _intervalUs;
        var bytes = (int)Math.Max(MinBytes, rate / 8 * ClusterDurationUs / 1_000_000);
        return new ProbeCluster(_nextId++, rate, bytes, MinPackets);
    }
}
