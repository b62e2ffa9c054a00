namespace WlWebRtc.Rtp.Bwe;

/// <summary>
/// Decides when to probe the path above the current estimate (as libwebrtc's probe controller): at the start a
/// cluster at 3x the start rate; after a probe that the path carried (at least 70 % of its rate), another at twice
/// the result, so the estimate climbs exponentially to the capacity within a few round trips; then every
/// <c>interval</c> one at twice the estimate, which finds a link that grew, and a link the encoder does not fill (an
/// application-limited stream never shows the delay-based controller more). A probe waits while the estimate sits at
/// its ceiling, and a decrease (overuse, loss) puts the next periodic probe off by one interval. A periodic probe that
/// does not lift the estimate (the link is full) makes the next one wait half as long again (up to
/// <see cref="MaxBackoff"/> intervals), so a saturated link is not disturbed every interval; one that lifts it resets
/// the interval. A cluster whose result does not come within <see cref="ResultTimeoutUs"/> is sent again once, at
/// once: on a lossy path the feedback message that covers a 20 ms cluster can be lost (5 % loss each way lost the
/// start probe's result in some runs, and the estimate then sat at the start rate until the periodic probe 3 s on).
/// <para>
/// Recovery: while the estimate is under half of the highest it reached in the last <see cref="RecoveryWindowUs"/>
/// (the capacity dropped, or loss or an outage pushed the estimate down), the periodic probe comes every
/// <see cref="RecoveryIntervalUs"/> (or the interval, if shorter) without backoff, and a decrease puts it off by no
/// more than that: the capacity that was there may come back at any moment, and the AIMD increase alone (8 %/s)
/// would take half a minute to climb from 1.5 to 20 Mb/s. A probe cluster lasts 20 ms, so it costs the full link
/// about 20 ms of queueing once per recovery interval.
/// </para>
/// <para>
/// On a slow link a cluster costs more than that: it has at least <see cref="MinPackets"/> packets, and on a full link
/// its bytes wait behind the media (6 kB are 190 ms at 0.25 Mb/s). A periodic or recovery cluster therefore waits until
/// the clusters so far have cost the link at most <see cref="MaxQueueShare"/> of the time (their bytes at the estimate):
/// at 1.5 Mb/s and above that changes nothing, at 0.25 Mb/s it spaces them about 4 s apart. Times in microseconds.
/// Not thread-safe.
/// </para>
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

    /// <summary>The most of the time periodic and recovery clusters may keep a full link's queue longer.</summary>
    private const double MaxQueueShare = 0.05;

    /// <summary>The estimate under this part of its recent high means the link has room to recover into.</summary>
    private const double RecoveryRatio = 0.5;

    /// <summary>How long a high estimate counts as what the link may carry again.</summary>
    private const long RecoveryWindowUs = 30_000_000;

    /// <summary>The periodic probe interval while recovering.</summary>
    private const long RecoveryIntervalUs = 1_500_000;

    /// <summary>While recovering, the least time between a decrease and the next probe.</summary>
    private const long DecreaseDrainUs = 500_000;

    private readonly long _max;
    private readonly long _intervalUs;
    private int _nextId;
    private bool _started;
    private long _awaitingTarget;
    private long _awaitingSinceUs = long.MinValue;
    private bool _awaitingRetry;
    private long _continueTarget;
    private long _nextPeriodicUs;
    private double _backoff = 1;
    private long _high;
    private long _highSinceUs;
    private long _nextRecoveryUs;
    private long _earliestPeriodicUs;

    public ProbeController(long max, TimeSpan interval)
    {
        _max = max;
        _intervalUs = (long)interval.TotalMicroseconds;
    }

    /// <summary>Clusters started so far (tests, statistics).</summary>
    public int ClustersStarted => _nextId;

    /// <summary>True while the estimate is well under its recent high (probing comes more often).</summary>
    public bool Recovering { get; private set; }

    /// <summary>The cluster to send now, if one is due at <paramref name="estimate"/>.</summary>
    public ProbeCluster? TakeDue(long nowUs, long estimate)
    {
        TrackHigh(nowUs, estimate);
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

        var unanswered = _awaitingSinceUs != long.MinValue;
        _awaitingSinceUs = long.MinValue;
        if (unanswered && !_awaitingRetry && _awaitingTarget > estimate)
        {
            // No result: the feedback was lost, not the link found full (a full link answers with a saturated result).
            return Start(_awaitingTarget, nowUs, retry: true);
        }

        if (_continueTarget > estimate)
        {
            var target = _continueTarget;
            _continueTarget = 0;
            return Start(target, nowUs);
        }

        var due = Math.Max(Recovering ? Math.Min(_nextPeriodicUs, _nextRecoveryUs) : _nextPeriodicUs, _earliestPeriodicUs);
        if (nowUs < due)
        {
            return null;
        }

        var cluster = Start(estimate * ExponentialFactor, nowUs);
        _earliestPeriodicUs = nowUs + (long)(cluster.Bytes * 8 * 1_000_000.0 / Math.Max(1, estimate) / MaxQueueShare);
        return cluster;
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
        // While recovering, give the queue behind the decrease time to drain, no more: the recovery probes keep their pace.
        _nextRecoveryUs = Math.Max(_nextRecoveryUs, nowUs + DecreaseDrainUs);
    }

    /// <summary>Keeps the highest estimate of the last <see cref="RecoveryWindowUs"/> (roughly: a high older than that is replaced by the current estimate).</summary>
    private void TrackHigh(long nowUs, long estimate)
    {
        if (estimate >= _high || nowUs - _highSinceUs > RecoveryWindowUs)
        {
            _high = estimate;
            _highSinceUs = nowUs;
        }

        Recovering = estimate < RecoveryRatio * _high;
    }

    private ProbeCluster Start(double target, long nowUs, bool retry = false)
    {
        _awaitingRetry = retry;
        var rate = (long)Math.Min(target, _max);
        _awaitingTarget = rate;
        _awaitingSinceUs = nowUs;
        _nextRecoveryUs = nowUs + Math.Min(RecoveryIntervalUs, _intervalUs);
        _nextPeriodicUs = nowUs + _intervalUs;
        var bytes = (int)Math.Max(MinBytes, rate / 8 * ClusterDurationUs / 1_000_000);
        return new ProbeCluster(_nextId++, rate, bytes, MinPackets);
    }
}
