using System.Diagnostics.Metrics;
using WlWebRtc.Host.Control;
using WlWebRtc.Host.Streaming;
using WlWebRtc.Host.Tests.Streaming;
using WlWebRtc.Testing;

namespace WlWebRtc.Host.Tests.Cli;

/// <summary>/metrics as rendered from the server's instruments (<see cref="StreamingMetrics"/>, <see cref="PrometheusTextExporter"/>).</summary>
public sealed class MetricsTests
{
    private static readonly StatusSnapshot Known = new()
    {
        Viewers = 2,
        EncodedFramesPerSecond = 59.5,
        CapturedFrames = 1300,
        EncodedFrames = 1234,
        Keyframes = 7,
        EncodedBytes = 9_876_543_210,
        TargetBitrateBitsPerSecond = 8_000_000,
        Sessions = [new SessionStatus("ab12", "view", "connected", 1200, 12.5) { RetransmissionsOverBudget = 3, KeyframeRequestsSuppressed = 4 }],
    };

    [Fact]
    public void Render_KnownStatus_PrometheusTextWithTodaysNames()
    {
        using var metrics = new StreamingMetrics(() => Known, new ManualTimeProvider(TimeSpan.FromSeconds(1)));
        using var exporter = new PrometheusTextExporter(metrics.Meter);
        metrics.StageLatency.Record(0.003, new KeyValuePair<string, object?>("stage", "encode"));
        metrics.StageLatency.Record(0.020, new KeyValuePair<string, object?>("stage", "encode"));

        var text = exporter.Render();

        Assert.Contains("# HELP wlwebrtc_viewers Connected viewers.\n# TYPE wlwebrtc_viewers gauge\nwlwebrtc_viewers 2\n", text, StringComparison.Ordinal);
        Assert.Contains("wlwebrtc_encoded_frames_per_second 59.5\n", text, StringComparison.Ordinal);
        Assert.Contains("wlwebrtc_target_bits_per_second 8000000\n", text, StringComparison.Ordinal);
        Assert.Contains("wlwebrtc_capture_failed 0\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE wlwebrtc_encoded_frames_total counter\nwlwebrtc_encoded_frames_total 1234\n", text, StringComparison.Ordinal);
        Assert.Contains("wlwebrtc_captured_frames_total 1300\n", text, StringComparison.Ordinal);
        Assert.Contains("wlwebrtc_encoded_keyframes_total 7\n", text, StringComparison.Ordinal);
        Assert.Contains("wlwebrtc_encoded_bytes_total 9876543210\n", text, StringComparison.Ordinal);
        Assert.Contains("wlwebrtc_rtp_retransmissions_over_budget_total{viewer=\"ab12\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("wlwebrtc_rtp_keyframe_requests_suppressed_total{viewer=\"ab12\"} 4\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE wlwebrtc_stage_latency_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("wlwebrtc_stage_latency_seconds_bucket{stage=\"encode\",le=\"0.002\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("wlwebrtc_stage_latency_seconds_bucket{stage=\"encode\",le=\"0.004\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("wlwebrtc_stage_latency_seconds_bucket{stage=\"encode\",le=\"0.033\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("wlwebrtc_stage_latency_seconds_bucket{stage=\"encode\",le=\"+Inf\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("wlwebrtc_stage_latency_seconds_sum{stage=\"encode\"} 0.023\n", text, StringComparison.Ordinal);
        Assert.Contains("wlwebrtc_stage_latency_seconds_count{stage=\"encode\"} 2\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("stage=\"send\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_EveryInstrumentOfTheMeter_AppearsWithItsType()
    {
        using var metrics = new StreamingMetrics(() => Known, new ManualTimeProvider(TimeSpan.FromSeconds(1)));
        var instruments = new List<Instrument>();
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter == metrics.Meter)
                {
                    instruments.Add(instrument);
                }
            };
            listener.Start();
        }

        using var exporter = new PrometheusTextExporter(metrics.Meter);
        var text = exporter.Render();

        Assert.Equal(StreamingMetrics.MeterName, metrics.Meter.Name);
        Assert.True(instruments.Count >= 16, $"only {instruments.Count} instruments");
        foreach (var instrument in instruments)
        {
            Assert.Contains($"# TYPE {PrometheusTextExporter.NameOf(instrument)} ", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_CaptureFailed_GaugeIsOne()
    {
        using var metrics = new StreamingMetrics(() => Known with { CaptureError = "the share was revoked" }, new ManualTimeProvider(TimeSpan.FromSeconds(1)));
        using var exporter = new PrometheusTextExporter(metrics.Meter);

        Assert.Contains("wlwebrtc_capture_failed 1\n", exporter.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void LatencyWindow_MoreSamplesThanCapacity_KeepsTheNewest()
    {
        var window = new LatencyWindow(capacity: 10);
        foreach (var ms in Enumerable.Range(1, 25))
        {
            window.Add(TimeSpan.FromMilliseconds(ms));
        }

        var p = window.Percentiles()!;

        Assert.Equal(10, p.Samples);
        Assert.Equal(20, p.P50);
        Assert.Equal(25, p.P99);
        Assert.Null(new LatencyWindow().Percentiles());
    }
}
