namespace WlWebRtc.Sctp;

/// <summary>The retransmission timeout from round-trip measurements (RFC 9260 §6.3.1), with exponential back-off
/// on expiry (§6.3.3) and the configured bounds.</summary>
internal sealed class RtoEstimator
{
    private readonly TimeSpan _min;
    private readonly TimeSpan _max;
    private double _srttSeconds = -1;
    private double _rttvarSeconds;

    public RtoEstimator(SctpAssociationOptions options)
    {
        _min = options.RtoMin;
        _max = options.RtoMax;
        Current = options.RtoInitial;
    }

    public TimeSpan Current { get; private set; }

    public void OnMeasurement(TimeSpan sample)
    {
        var r = sample.TotalSeconds;
        if (_srttSeconds < 0)
        {
            _srttSeconds = r;
            _rttvarSeconds = r / 2;
        }
        else
        {
            _rttvarSeconds = 0.75 * _rttvarSeconds + 0.25 * Math.Abs(_srttSeconds - r);
            _srttSeconds = 0.875 * _srttSeconds + 0.125 * r;
        }
        var rto = TimeSpan.FromSeconds(_srttSeconds + 4 * _rttvarSeconds);
        Current = rto < _min ? _min : rto > _max ? _max : rto;
    }

    /// <summary>T3 expired: double the timeout, up to the maximum.</summary>
    public void BackOff() => Current = TimeSpan.FromTicks(Math.Min(Current.Ticks * 2, _max.Ticks));
}
