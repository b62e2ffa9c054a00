namespace WlWebRtc.Rtp.Bwe;

/// <summary>
/// The delay-based rate controller (draft-ietf-rmcat-gcc-02 section 5.5): on overuse decrease to 0.85 of the
/// acknowledged rate, on underuse hold, otherwise increase multiplicatively (8 %/s) — additively once near the
/// rate where the last overuse happened. One overuse is one decrease: the detector stays in overuse for several
/// feedback messages while the queue drains, and decreasing on each (0.85 of 0.85 of ...) overshoots far below the link,
/// from where the additive increase takes many seconds back; a further decrease comes only after
/// <see cref="ReductionIntervalMs"/>, or at once when the acknowledged rate fell below half the rate (the link collapsed).
/// </summary>
internal sealed class AimdRateController
{
    private const double Beta = 0.85;

    /// <summary>Least time between two decreases of one overuse (libwebrtc bounds it by the RTT, at most 200 ms).</summary>
    private const double ReductionIntervalMs = 200;
    private readonly long _min;
    private readonly long _max;
    private double _lastUpdateMs = double.NaN;
    private double _lastDecreaseRate = double.NaN;
    private double _lastDecreaseMs = double.NaN;

    public AimdRateController(long start, long min, long max)
    {
        Rate = start;
        _min = min;
        _max = max;
    }

    public long Rate { get; private set; }

    /// <summary>Starts from <paramref name="rate"/> (a probe showed the path carries it); increases start afresh.</summary>
    public void SetRate(long rate)
    {
        Rate = Math.Clamp(rate, _min, _max);
        _lastDecreaseRate = double.NaN;
    }

    /// <summary>Moves the rate for the detector's <paramref name="usage"/>; a decrease stops at <paramref name="decreaseFloor"/>.</summary>
    public long Update(BandwidthUsage usage, long acknowledgedRate, double nowMs, long decreaseFloor = 0)
    {
        var elapsedMs = double.IsNaN(_lastUpdateMs) ? 0 : Math.Min(nowMs - _lastUpdateMs, 1000);
        _lastUpdateMs = nowMs;
        double rate = Rate;
        switch (usage)
        {
            case BandwidthUsage.Overusing:
                var collapsed = acknowledgedRate > 0 && acknowledgedRate < 0.5 * Rate;
                if (!double.IsNaN(_lastDecreaseMs) && nowMs - _lastDecreaseMs < ReductionIntervalMs && !collapsed)
                {
                    break;
                }

                var basis = acknowledgedRate > 0 ? Math.Min(acknowledgedRate, Rate) : Rate;
                rate = Math.Min(Rate, Math.Max(Beta * basis, decreaseFloor));
                _lastDecreaseRate = rate;
                _lastDecreaseMs = nowMs;
                break;
            case BandwidthUsage.Underusing:
                break;
            default:
                var nearConvergence = !double.IsNaN(_lastDecreaseRate) && Math.Abs(rate - _lastDecreaseRate) < 0.15 * _lastDecreaseRate;
                if (nearConvergence)
                {
                    // About one 1200-byte packet per response time (~100 ms + RTT) per second.
                    rate += 1200 * 8 * 1000.0 / 200 * elapsedMs / 1000;
                }
                else
                {
                    rate *= Math.Pow(1.08, elapsedMs / 1000);
                }

                // Never run far ahead of what the network has been shown to carry.
                if (acknowledgedRate > 0)
                {
                    rate = Math.Min(rate, (1.5 * acknowledgedRate) + 10_000);
                }

                rate = Math.Max(rate, Rate);
                break;
        }

        Rate = (long)Math.Clamp(rate, _min, _max);
        return Rate;
    }
}
