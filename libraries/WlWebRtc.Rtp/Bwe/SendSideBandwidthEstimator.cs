using WlWebRtc.Rtp.Rtcp;

namespace WlWebRtc.Rtp.Bwe;

/// <summary>
/// A send-side bandwidth estimator in the spirit of GCC (draft-ietf-rmcat-gcc-02): transport-wide-cc feedback
/// drives a delay-based estimate (send-time groups of 5 ms, trendline, overuse detector, AIMD), loss from the
/// same feedback or from receiver reports drives a loss-based estimate (&gt; 10 % decrease, &lt; 2 % increase),
/// and REMB caps both. Probe clusters (<see cref="ProbeController"/>) lift the estimate to what the path carried
/// at a higher rate, which the delay-based controller alone would take tens of seconds to reach (and never reaches
/// while the encoder sends less than the estimate). A queue that stands (<see cref="QueueingDelayTracker"/>: even the
/// least delayed packet of a feedback message waited over <see cref="StandingQueueUs"/>) counts as overuse unless it is
/// draining: a full tail-drop queue after a capacity drop has a flat delay gradient, and without this the estimate sat
/// just above the new capacity for seconds, the queue full and the loss-based estimate coming down 20 % a second. A
/// decrease behind a standing queue starts from the lower of the acknowledged rate over 500 ms and over the last
/// <see cref="RecentWindowUs"/>: after a drop the longer window still averages the old capacity in, the short one is the
/// new capacity within one feedback interval. Times are in microseconds on the sender's monotonic clock. Not thread-safe.
/// </summary>
internal sealed class SendSideBandwidthEstimator
{
    private const int HistorySize = 8192;
    private const long GroupSpanUs = 5_000;
    private const long AcknowledgedWindowUs = 500_000;

    /// <summary>The short acknowledged-rate window a decrease may start from (a few feedback intervals).</summary>
    private const long RecentWindowUs = 150_000;

    /// <summary>
    /// Queueing delay every packet of two feedback messages in a row saw above which the queue stands: half the issue's
    /// bound of 50 ms, as the packets of a frame burst wait longer than the least delayed one.
    /// </summary>
    public const long StandingQueueUs = 15_000;

    /// <summary>Least time between two loss-based increases.</summary>
    private const long LossIncreaseIntervalUs = 200_000;

    /// <summary>Above this loss a probe result does not lift the loss-based estimate (the loss says more than the probe).</summary>
    private const double MaxLossForProbe = 0.10;

    private readonly SentPacket[] _sent = new SentPacket[HistorySize];
    private readonly TrendlineEstimator _trendline = new();
    private readonly OveruseDetector _detector = new();
    private readonly AimdRateController _aimd;
    private readonly ProbeResultEstimator _probeResults = new();
    private readonly ProbeController? _probes;
    private readonly Queue<(long ArrivalUs, int Bytes)> _acknowledged = new();
    private readonly Queue<(long ArrivalUs, int Bytes)> _recent = new();
    private readonly QueueingDelayTracker _queueing = new();
    private long _recentBytes;
    private readonly long _min;
    private readonly long _max;
    private long _acknowledgedBytes;
    private Group _current;
    private Group _previous;
    private bool _hasCurrent;
    private bool _hasPrevious;
    private double _lossBasedRate;
    private long _lastLossIncreaseUs = long.MinValue;
    private int _lossReceived;
    private int _lossLost;
    private readonly LossWindow _feedbackLoss = new();
    private readonly LossWindow _reportedLoss = new();
    private bool _hasTransportFeedback;
    private bool _hasReport;
    private int _reportedCumulativeLost;
    private uint _reportedHighestSequence;
    private long _remb = long.MaxValue;
    private double _lastLoss;
    private long _capacityFloor;
    private long _capacityFloorUntilUs = long.MinValue;

    /// <summary>
    /// How long a probe that hit the bottleneck, or lifted the estimate, keeps delay-based decreases from going far
    /// below what it measured: the queue the probe itself built shows as overuse right after it, and the acknowledged
    /// rate (the basis of a decrease) still lags behind an encoder that only just heard the higher estimate.
    /// </summary>
    private const long CapacityFloorUs = 1_000_000;

    /// <summary>Creates the estimator; <paramref name="probeInterval"/> null turns probing off.</summary>
    public SendSideBandwidthEstimator(long start, long min, long max, TimeSpan? probeInterval = null)
    {
        _min = min;
        _max = max;
        _aimd = new AimdRateController(start, min, max);
        _probes = probeInterval is { } interval ? new ProbeController(max, interval) : null;
        _lossBasedRate = start;
        Estimate = start;
    }

    /// <summary>The current estimate in bits per second.</summary>
    public long Estimate { get; private set; }

    /// <summary>What the last feedback message showed: the delay trend's state, or overuse for a standing queue.</summary>
    public BandwidthUsage Usage { get; private set; } = BandwidthUsage.Normal;

    public long DelayBasedRate => _aimd.Rate;

    public long LossBasedRate => (long)_lossBasedRate;

    public long AcknowledgedRate { get; private set; }

    /// <summary>The acknowledged rate over the last <see cref="RecentWindowUs"/> (0 until that much arrived).</summary>
    public long RecentAcknowledgedRate { get; private set; }

    /// <summary>The least queueing delay of the last feedback message's packets, µs (0 before one).</summary>
    public long QueueingDelayUs { get; private set; }

    /// <summary>Whether the last feedback message showed a standing queue (<see cref="StandingQueueUs"/>).</summary>
    public bool QueueStanding => QueueingDelayUs > StandingQueueUs && _previousQueueingUs > StandingQueueUs;

    /// <summary>The most of a packet's own serialisation taken off its one-way delay (see <see cref="OnTransportFeedback"/>).</summary>
    private const long MaxSerialisationUs = 100_000;

    private long _previousQueueingUs;

    /// <summary>
    /// The loss fraction of the last closed <see cref="LossWindow"/> (transport-wide-cc feedback, else receiver reports'
    /// cumulative counts); 0 until one closes. Steadier than a report's fraction lost (see <see cref="OnLossReport"/>).
    /// </summary>
    public double Loss => _lastLoss;

    /// <summary>
    /// Whether a queue over <see cref="StandingQueueUs"/> showed while the last closed loss window gathered: its loss
    /// then is (at least partly) the bottleneck's tail drop, congestion, rather than random loss on the path.
    /// </summary>
    public bool LossWindowBehindQueue { get; private set; }

    private bool _queueInLossWindow;

    /// <summary>Loss windows closed so far: a change says <see cref="Loss"/> is a new window's (the playout-delay policy reads it).</summary>
    public long LossWindows { get; private set; }

    /// <summary>Acknowledged-rate samples kept (for tests: bounded whatever the feedback says).</summary>
    internal int AcknowledgedSamples => _acknowledged.Count;

    /// <summary>Probe clusters started so far.</summary>
    public int ProbeClusters => _probes?.ClustersStarted ?? 0;

    /// <summary>Probe results that came back so far.</summary>
    public int ProbeResults => _probeResults.Results;

    /// <summary>The last probe result (for status: what probing measured and when); null before the first.</summary>
    public ProbeResult? LastProbeResult { get; private set; }

    /// <summary>
    /// Records a packet sent with transport-wide sequence number <paramref name="sequence"/>, as part of
    /// <paramref name="probe"/> if a probe cluster was being sent.
    /// </summary>
    public void OnPacketSent(ushort sequence, long sendTimeUs, int bytes, ProbeCluster? probe = null)
    {
        _sent[sequence % HistorySize] = new SentPacket(sequence, sendTimeUs, bytes, true, probe?.Id ?? -1);
        if (probe is { } cluster)
        {
            _probeResults.OnSent(cluster);
        }
    }

    /// <summary>The probe cluster to send now, if one is due (null with probing off).</summary>
    public ProbeCluster? TakeDueProbe(long nowUs) => _probes?.TakeDue(nowUs, Estimate);

    /// <summary>Processes one feedback message's results; true if the estimate changed.</summary>
    public bool OnTransportFeedback(IReadOnlyList<PacketFeedback> results, long nowUs)
    {
        var before = Estimate;
        _hasTransportFeedback |= results.Count > 0;
        _queueing.BeginFeedback();
        foreach (var result in results)
        {
            ref var sent = ref _sent[result.Sequence % HistorySize];
            if (!sent.Valid || sent.Sequence != result.Sequence)
            {
                continue;
            }

            if (!result.Received)
            {
                _lossLost++;
                continue;
            }

            _lossReceived++;
            sent.Valid = false;
            AddAcknowledged(result.ArrivalMicroseconds, sent.Bytes);
            // The one-way delay holds the packet's own serialisation at the bottleneck, which the base (seen at a higher
            // rate) does not: a 1200-byte packet takes 32 ms at 0.3 Mb/s, and a 300 kb/s link read as a standing queue.
            var serialisation = AcknowledgedRate > 0 ? Math.Min(sent.Bytes * 8L * 1_000_000 / AcknowledgedRate, MaxSerialisationUs) : 0;
            _queueing.Add(sent.SendTimeUs, result.ArrivalMicroseconds, nowUs, serialisation);
            AddToGroup(sent.SendTimeUs, result.ArrivalMicroseconds);
            if (sent.ProbeCluster >= 0 && _probeResults.OnReceived(sent.ProbeCluster, sent.SendTimeUs, result.ArrivalMicroseconds, sent.Bytes) is { } probed)
            {
                ApplyProbeResult(probed.BitsPerSecond, probed.Saturated, nowUs);
            }
        }

        var nowMs = nowUs / 1000.0;
        var usage = _detector.Detect(_trendline.Slope, _trendline.Samples, nowMs);
        if (_queueing.FeedbackQueueingUs is { } queueing)
        {
            _previousQueueingUs = QueueingDelayUs;
            QueueingDelayUs = queueing;
            _queueInLossWindow |= queueing > StandingQueueUs;
        }

        if (QueueStanding && usage == BandwidthUsage.Normal)
        {
            // The queue neither grows nor drains but stays long: we send what the bottleneck carries, not less.
            usage = BandwidthUsage.Overusing;
        }

        Usage = usage;
        var delayBefore = _aimd.Rate;
        // A probe's own queue is short; a standing one means the capacity fell since the probe.
        var floor = nowUs < _capacityFloorUntilUs && !QueueStanding ? _capacityFloor : 0;
        // Only behind a standing queue is the short window's rate the bottleneck's; an application-limited stream's
        // frames make it jump with each burst.
        var basis = QueueStanding && RecentAcknowledgedRate > 0 && AcknowledgedRate > 0 ? Math.Min(AcknowledgedRate, RecentAcknowledgedRate) : AcknowledgedRate;
        _aimd.Update(usage, usage == BandwidthUsage.Overusing ? basis : AcknowledgedRate, nowMs, floor);
        UpdateLossBased(nowUs);
        Combine();
        if (_aimd.Rate < delayBefore || Estimate < before)
        {
            _probes?.OnDecrease(nowUs);
        }

        return Estimate != before;
    }

    /// <summary>
    /// A receiver report block about our stream (its cumulative loss and extended highest sequence number); true if
    /// the estimate changed. The loss since the previous block counts, gathered in a <see cref="LossWindow"/>: not the
    /// block's fraction lost, which covers only the time since the viewer's previous report, and Chromium puts a report
    /// in front of every NACK, so that time can hold a handful of packets (one lost of two reads as 50 %). Once
    /// transport-wide-cc feedback comes, it alone measures the loss (per packet, the same losses again otherwise).
    /// </summary>
    public bool OnLossReport(int cumulativeLost, uint extendedHighestSequence, long nowUs)
    {
        var expected = unchecked((int)(extendedHighestSequence - _reportedHighestSequence));
        var lost = cumulativeLost - _reportedCumulativeLost;
        var first = !_hasReport;
        _hasReport = true;
        _reportedCumulativeLost = cumulativeLost;
        _reportedHighestSequence = extendedHighestSequence;
        if (first || _hasTransportFeedback || expected <= 0 || lost < 0 || lost > expected
            || _reportedLoss.Add(lost, expected - lost, nowUs) is not { } loss)
        {
            return false;
        }

        var before = Estimate;
        ApplyLoss(loss, nowUs);
        Combine();
        return Estimate != before;
    }

    /// <summary>A REMB from the receiver: an upper bound; true if the estimate changed.</summary>
    public bool OnRemb(long bitsPerSecond)
    {
        var before = Estimate;
        _remb = Math.Max(bitsPerSecond, _min);
        Combine();
        return Estimate != before;
    }

    /// <summary>
    /// The path carried <paramref name="bitsPerSecond"/> during a probe: the delay-based estimate starts from there if
    /// that is higher, and so does the loss-based one unless loss is high. A probe never lowers the estimate (a
    /// cluster mixed with a quiet encoder can measure low); decreases come from delay and loss.
    /// </summary>
    private void ApplyProbeResult(long bitsPerSecond, bool saturated, long nowUs)
    {
        LastProbeResult = new ProbeResult(bitsPerSecond, saturated, nowUs);
        var rate = Math.Clamp(bitsPerSecond, _min, _max);
        if (saturated || rate > _aimd.Rate)
        {
            // The path carried this just now: a delay-based decrease in the next second has only the lagging
            // acknowledged rate (or the probe's own queue) to go by, not a smaller capacity.
            _capacityFloor = (long)(0.85 * rate);
            _capacityFloorUntilUs = nowUs + CapacityFloorUs;
        }

        if (rate > _aimd.Rate)
        {
            _aimd.SetRate(rate);
        }

        if (_lastLoss <= MaxLossForProbe)
        {
            _lossBasedRate = Math.Max(_lossBasedRate, rate);
        }

        var before = Estimate;
        Combine();
        _probes?.OnResult(bitsPerSecond, before, Estimate);
    }

    private void AddAcknowledged(long arrivalUs, int bytes)
    {
        _acknowledged.Enqueue((arrivalUs, bytes));
        _acknowledgedBytes += bytes;

        // Arrival times come from the viewer: one that jumps backwards (or forwards) by more than the window
        // ends the samples before it, and the count cap holds whatever the times say.
        while (_acknowledged.Count > HistorySize
            || (_acknowledged.Count > 0 && Math.Abs(arrivalUs - _acknowledged.Peek().ArrivalUs) > AcknowledgedWindowUs))
        {
            _acknowledgedBytes -= _acknowledged.Dequeue().Bytes;
        }

        var span = arrivalUs - _acknowledged.Peek().ArrivalUs;
        if (span >= 100_000)
        {
            AcknowledgedRate = _acknowledgedBytes * 8 * 1_000_000 / span;
        }

        _recent.Enqueue((arrivalUs, bytes));
        _recentBytes += bytes;
        while (_recent.Count > 1 && Math.Abs(arrivalUs - _recent.Peek().ArrivalUs) > RecentWindowUs)
        {
            _recentBytes -= _recent.Dequeue().Bytes;
        }

        // The rate over the window's span: the first packet's bytes arrived before it began.
        var recentSpan = arrivalUs - _recent.Peek().ArrivalUs;
        if (recentSpan >= RecentWindowUs / 2)
        {
            RecentAcknowledgedRate = (_recentBytes - _recent.Peek().Bytes) * 8 * 1_000_000 / recentSpan;
        }
    }

    private void AddToGroup(long sendUs, long arrivalUs)
    {
        if (_hasCurrent && sendUs - _current.FirstSendUs <= GroupSpanUs)
        {
            _current.LastSendUs = Math.Max(_current.LastSendUs, sendUs);
            _current.LastArrivalUs = Math.Max(_current.LastArrivalUs, arrivalUs);
            return;
        }

        if (_hasCurrent && sendUs < _current.FirstSendUs)
        {
            // Reordered from an earlier group: too late to count.
            return;
        }

        if (_hasCurrent)
        {
            if (_hasPrevious)
            {
                var sendDelta = _current.LastSendUs - _previous.LastSendUs;
                var arrivalDelta = _current.LastArrivalUs - _previous.LastArrivalUs;
                _trendline.Update((arrivalDelta - sendDelta) / 1000.0, _current.LastArrivalUs / 1000.0);
            }

            _previous = _current;
            _hasPrevious = true;
        }

        _current = new Group(sendUs, sendUs, arrivalUs);
        _hasCurrent = true;
    }

    private void UpdateLossBased(long nowUs)
    {
        var loss = _feedbackLoss.Add(_lossLost, _lossReceived, nowUs);
        _lossReceived = 0;
        _lossLost = 0;
        if (loss is { } fraction)
        {
            ApplyLoss(fraction, nowUs);
        }
    }

    private void ApplyLoss(double loss, long nowUs)
    {
        _lastLoss = loss;
        LossWindows++;
        LossWindowBehindQueue = _queueInLossWindow;
        _queueInLossWindow = false;
        if (loss > 0.10)
        {
            _lossBasedRate *= 1 - (0.5 * loss);
            _probes?.OnDecrease(nowUs);
        }
        else if (loss < 0.02 && (_lastLossIncreaseUs == long.MinValue || nowUs - _lastLossIncreaseUs >= LossIncreaseIntervalUs))
        {
            // Follow the delay-based estimate upwards; loss alone never limits when loss is low.
            _lossBasedRate = Math.Max(_lossBasedRate * 1.05, _aimd.Rate);
            _lastLossIncreaseUs = nowUs;
        }

        _lossBasedRate = Math.Clamp(_lossBasedRate, _min, _max);
    }

    private void Combine() =>
        Estimate = Math.Clamp(Math.Min(Math.Min(_aimd.Rate, (long)_lossBasedRate), _remb), _min, _max);

    private record struct SentPacket(ushort Sequence, long SendTimeUs, int Bytes, bool Valid, int ProbeCluster);

    private record struct Group(long FirstSendUs, long LastSendUs, long LastArrivalUs);
}
