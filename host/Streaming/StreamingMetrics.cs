using System.Diagnostics.Metrics;
using WlWebRtc.Host.Control;

namespace WlWebRtc.Host.Streaming;

/// <summary>
/// The server's instruments on <see cref="System.Diagnostics.Metrics"/>, in one <see cref="Meter"/> named
/// <see cref="MeterName"/>: what <c>status</c> reports, as gauges and counters observed from the status figures, plus
/// the per-stage latency as a histogram the pipeline records into. <c>/metrics</c> renders these instruments
/// (<see cref="PrometheusTextExporter"/>); any other <see cref="MeterListener"/> (dotnet-counters, OpenTelemetry) can
/// listen too. Instrument names map to Prometheus names by '.' → '_', "_seconds" for unit "s", "_total" for counters.
/// </summary>
internal sealed class StreamingMetrics : IDisposable
{
    public const string MeterName = "WlWebRtc";

    /// <summary>
    /// How long one reading of the status serves the observable instruments: one scrape asks them all within
    /// microseconds, and they then report from one consistent reading (encoded frames and keyframes of one moment).
    /// </summary>
    private static readonly TimeSpan ReadingLifetime = TimeSpan.FromMilliseconds(50);

    /// <summary>Latency buckets from 0.5 ms to 1 s: a frame's stages take a few milliseconds when all is well.</summary>
    private static readonly double[] LatencyBuckets = [0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.033, 0.066, 0.125, 0.25, 0.5, 1];

    private readonly Func<StatusSnapshot> _read;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private StatusSnapshot? _reading;
    private long _readAt;

    public StreamingMetrics(Func<StatusSnapshot> read, TimeProvider time)
    {
        _read = read;
        _time = time;
        Meter = new Meter(MeterName);
        Gauge("wlwebrtc.viewers", "{viewer}", "Connected viewers.", s => s.Viewers);
        Gauge("wlwebrtc.capture_frames_per_second", "{frame}/s", "Frames captured per second (last second).", s => s.CaptureFramesPerSecond);
        Gauge("wlwebrtc.encoded_frames_per_second", "{frame}/s", "Frames encoded per second (last second).", s => s.EncodedFramesPerSecond);
        Gauge("wlwebrtc.encoded_bits_per_second", "bit/s", "Encoder output bitrate (last second).", s => s.BitrateBitsPerSecond);
        Gauge("wlwebrtc.target_bits_per_second", "bit/s", "Encoder target bitrate.", s => s.TargetBitrateBitsPerSecond);
        Gauge("wlwebrtc.capture_failed", null, "1 when the capture source stopped with a failure (the server then stops with exit code 5).", s => s.CaptureError is null ? 0 : 1);
        Counter("wlwebrtc.captured_frames", "{frame}", "Frames delivered by the capture source.", s => s.CapturedFrames);
        Counter("wlwebrtc.encoded_frames", "{frame}", "Access units encoded.", s => s.EncodedFrames);
        Counter("wlwebrtc.encoded_keyframes", "{frame}", "Keyframes (IDR) encoded.", s => s.Keyframes);
        Counter("wlwebrtc.keyframe_requests_coalesced", "{request}", "Keyframe requests (join, PLI, FIR) served by a keyframe already waiting (encoder.min_keyframe_interval_ms).", s => s.KeyframeRequestsCoalesced);
        Counter("wlwebrtc.encoded_bytes", "By", "Bytes of encoded video.", s => s.EncodedBytes);
        ViewerCounter("wlwebrtc.rtp.retransmissions_over_budget", "NACKed packets not resent because the viewer's retransmission budget was spent.", v => v.RetransmissionsOverBudget);
        ViewerCounter("wlwebrtc.rtp.nacked_sequences_dropped", "NACKed sequence numbers ignored (beyond the per-message cap or the per-second budget).", v => v.NackedSequencesDropped);
        ViewerCounter("wlwebrtc.rtp.transport_feedback_dropped", "Congestion-control feedback messages not parsed (too large, or over the per-second budget).", v => v.TransportFeedbackDropped);
        ViewerCounter("wlwebrtc.rtp.keyframe_requests_suppressed", "PLI/FIR not passed on (a repeated FIR, or within a round-trip time of the last one).", v => v.KeyframeRequestsSuppressed);
        ViewerCounter("wlwebrtc.rtp.fec_packets_sent", "Forward error correction packets (ULPFEC in RED) sent to the viewer.", v => v.FecPacketsSent);
        ViewerCounter("wlwebrtc.rtp.fec_bytes_sent", "Bytes of forward error correction sent to the viewer (the FEC overhead).", v => v.FecBytesSent, "By");
        EgressGauge("wlwebrtc.egress.connected", null, "1 while the egress (e.g. the WHIP publisher) has a negotiated session, else 0.", e => e.State == "connected" ? 1 : 0);
        EgressGauge("wlwebrtc.egress.error", null, "1 while the egress's media server refuses it (a 4xx answer), else 0.", e => e.State == "error" ? 1 : 0);
        EgressGauge("wlwebrtc.egress.bits_per_second", "bit/s", "What the egress's session sends (since the last reading).", e => e.BitrateBitsPerSecond);
        Meter.CreateObservableCounter("wlwebrtc.egress.reconnects", () => Read().Egress.Select(e => new Measurement<long>(e.Reconnects, new KeyValuePair<string, object?>("egress", e.Name))), "{reconnect}",
            "Times the egress connected again after a loss or a failure.");
        TierGauge("wlwebrtc.encoder_tier.frames_per_second", "{frame}/s", "The frame rate the tier encodes at ([degradation]: the capture's, or 15/10/5 while degraded).", t => t.FrameRate);
        TierGauge("wlwebrtc.encoder_tier.scale_percent", "%", "The tier's picture size in percent of the captured size (100, or 75/50 while degraded).", t => t.ScalePercent);
        TierGauge("wlwebrtc.encoder_tier.target_bits_per_second", "bit/s", "The tier's encoder target (the lowest estimate of its viewers).", t => t.TargetBitrateBitsPerSecond);
        TierGauge("wlwebrtc.encoder_tier.viewers", "{viewer}", "Viewers getting the tier's frames.", t => t.Viewers);
        StageLatency = Meter.CreateHistogram(
            "wlwebrtc.stage_latency", "s", "Per-stage latency of each frame: capture_to_encode, convert, encode (coding alone when the encoder tells its conversion apart), send (handing it to every viewer).",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
    }

    public Meter Meter { get; }

    /// <summary>The pipeline records each frame's stage latencies here, in seconds, with a <c>stage</c> tag.</summary>
    public Histogram<double> StageLatency { get; }

    public void Dispose() => Meter.Dispose();

    private void Gauge(string name, string? unit, string description, Func<StatusSnapshot, double> value) =>
        Meter.CreateObservableGauge(name, () => value(Read()), unit, description);

    private void Counter(string name, string unit, string description, Func<StatusSnapshot, long> value) =>
        Meter.CreateObservableCounter(name, () => value(Read()), unit, description);

    /// <summary>One series per connected viewer (tag <c>viewer</c>); it goes when the viewer goes.</summary>
    private void ViewerCounter(string name, string description, Func<SessionStatus, long> value, string unit = "{packet}") =>
        Meter.CreateObservableCounter(name, () => Read().Sessions.Select(v => new Measurement<long>(value(v), new KeyValuePair<string, object?>("viewer", v.Id))), unit, description);

    /// <summary>One series per egress (tag <c>egress</c>).</summary>
    private void EgressGauge(string name, string? unit, string description, Func<EgressStatusEntry, double> value) =>
        Meter.CreateObservableGauge(name, () => Read().Egress.Select(e => new Measurement<double>(value(e), new KeyValuePair<string, object?>("egress", e.Name))), unit, description);

    private void TierGauge(string name, string? unit, string description, Func<EncoderTierStatus, double> value) =>
        Meter.CreateObservableGauge(name, () => Read().EncoderTiers.Select(t => new Measurement<double>(value(t), new KeyValuePair<string, object?>("tier", t.Tier))), unit, description);

    /// <summary>The status, read at most once per <see cref="ReadingLifetime"/> however many instruments ask.</summary>
    private StatusSnapshot Read()
    {
        lock (_lock)
        {
            if (_reading is null || _time.GetElapsedTime(_readAt) >= ReadingLifetime)
            {
                _reading = _read();
                _readAt = _time.GetTimestamp();
            }

            return _reading;
        }
    }
}
