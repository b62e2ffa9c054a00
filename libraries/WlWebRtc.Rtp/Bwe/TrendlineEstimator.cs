namespace WlWebRtc.Rtp.Bwe;

/// <summary>
/// The delay-gradient filter of GCC (draft-ietf-rmcat-gcc-02 section 5.3, as libwebrtc's trendline): the
/// accumulated one-way delay variation is smoothed and a least-squares slope is fitted over the last
/// <c>window</c> packet groups. A positive slope means queues are growing.
/// </summary>
internal sealed class TrendlineEstimator
{
    private const double Smoothing = 0.9;
    private readonly int _window;
    private readonly Queue<(double ArrivalMs, double SmoothedDelayMs)> _points = new();
    private double _accumulatedDelay;
    private double _smoothedDelay;
    private double _firstArrival = double.NaN;

    public TrendlineEstimator(int window = 20)
    {
        _window = window;
    }

    public double Slope { get; private set; }

    public int Samples { get; private set; }

    /// <summary>Adds one group's delay variation (arrival delta minus send delta) at its arrival time.</summary>
    public void Update(double delayVariationMs, double arrivalMs)
    {
        if (double.IsNaN(_firstArrival))
        {
            _firstArrival = arrivalMs;
        }

        Samples++;
        _accumulatedDelay += delayVariationMs;
        _smoothedDelay = (Smoothing * _smoothedDelay) + ((1 - Smoothing) * _accumulatedDelay);
        _points.Enqueue((arrivalMs - _firstArrival, _smoothedDelay));
        if (_points.Count > _window)
        {
            _points.Dequeue();
        }

        if (_points.Count == _window)
        {
            Slope = FitSlope();
        }
    }

    private double FitSlope()
    {
        double meanX = 0, meanY = 0;
        foreach (var (x, y) in _points)
        {
            meanX += x;
            meanY += y;
        }

        meanX /= _points.Count;
        meanY /= _points.Count;
        double numerator = 0, denominator = 0;
        foreach (var (x, y) in _points)
        {
            numerator += (x - meanX) * (y - meanY);
            denominator += (x - meanX) * (x - meanX);
        }

        return denominator == 0 ? Slope : numerator / denominator;
    }
}
