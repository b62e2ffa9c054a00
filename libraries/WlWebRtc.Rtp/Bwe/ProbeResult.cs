namespace WlWebRtc.Rtp.Bwe;

/// <summary>
/// What one probe cluster measured: the rate the path carried, whether the probe filled it (then the rate is the
/// path's capacity) and when the result came, in the estimator's microseconds.
/// </summary>
internal readonly record struct ProbeResult(long BitsPerSecond, bool Saturated, long AtMicroseconds);
