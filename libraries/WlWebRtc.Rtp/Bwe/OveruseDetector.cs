namespace WlWebRtc.Rtp.Bwe;

/// <summary>The network state the delay signal shows.</summary>
internal enum BandwidthUsage
{
    Normal,
    Underusing,
    Overusing,
}

/// <summary>
/// Compares the modified delay trend with an adaptive threshold (draft-ietf-rmcat-gcc-02 section 5.4 and 5.5):
/// overuse once the trend stays above the threshold for 10 ms and is not falling.
/// </summary>
internal sealed class OveruseDetector
{
    private const double Gain = 4.0;
    private const int MaxDeltas = 60;
    private const double KUp = 0.0087;
    private const double KDown = 0.039;
    private const double OveruseTimeMs = 10;

    private double _threshold = 12.5;
    private double _lastUpdateMs = double.NaN;
    private double _overuseStartMs = double.NaN;
    private double _previousTrend;

    public BandwidthUsage State { get; private set; } = BandwidthUsage.Normal;

    public BandwidthUsage Detect(double slope, int samples, double nowMs)
    {
        var trend = Math.Min(samples, MaxDeltas) * slope * Gain;
        if (trend > _threshold)
        {
            if (double.IsNaN(_overuseStartMs))
            {
                _overuseStartMs = nowMs;
            }

            if (nowMs - _overuseStartMs >= OveruseTimeMs && trend >= _previousTrend)
            {
                State = BandwidthUsage.Overusing;
            }
        }
        else
        {
            _overuseStartMs = double.NaN;
            State = trend < -_threshold ? BandwidthUsage.Underusing : BandwidthUsage.Normal;
        }

        _previousTrend = trend;
        AdaptThreshold(trend, nowMs);
        return State;
    }

    private void AdaptThreshold(double trend, double nowMs)
    {
        if (double.IsNaN(_lastUpdateMs))
        {
            _lastUpdateMs = nowMs;
        }

        var magnitude = Math.Abs(trend);
        if (magnitude > _threshold + 15)
        {
            // A sudden spike (e.g. a route change) should not drag the threshold along.
            _lastUpdateMs = nowMs;
            return;
        }

        var k = magnitude < _threshold ? KDown : KUp;
        var elapsed = Math.Min(nowMs - _lastUpdateMs, 100);
        _threshold = Math.Clamp(_threshold + (k * (magnitude - _threshold) * elapsed), 6, 600);
        _lastUpdateMs = nowMs;
    }
}
