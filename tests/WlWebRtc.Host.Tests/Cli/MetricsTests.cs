using WlWebRtc.Host.Control;
using WlWebRtc.Host.Streaming;

namespace WlWebRtc.Host.Tests.Cli;

public sealed class MetricsTests
{
    [Fact]
    public void Render_Status_PrometheusTextWithGaugesAndStageQuantiles()
    {
        var window = new LatencyWindow();
        foreach (var ms in Enumerable.Range(1, 100))
        {
            window.Add(TimeSpan.FromMilliseconds(ms));
        }

        var text = MetricsEndpoint.Render(new StatusSnapshot
        {
            Viewers = 2,
            EncodedFramesPerSecond = 59.5,
            EncodedFrames = 1234,
            Keyframes = 7,
            StageLatencies = new Dictionary<string, LatencyPercentiles?> { ["encode"] = window.Percentiles(), ["send"] = null },
        });

        Assert.Contains("# TYPE wlwebrtc_viewers gauge\nwlwebrtc_viewers 2\n", text, StringComparison.Ordinal);
        Assert.Contains("wlwebrtc_encoded_frames_per_second 59.5\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE wlwebrtc_encoded_frames_total counter\nwlwebrtc_encoded_frames_total 1234\n", text, StringComparison.Ordinal);
        Assert.Contains("wlwebrtc_encoded_keyframes_total 7\n", text, StringComparison.Ordinal);
        Assert.Contains("wlwebrtc_stage_latency_seconds{stage=\"encode\",quantile=\"0.5\"} 0.05\n", text, StringComparison.Ordinal);
        Assert.Contains("wlwebrtc_stage_latency_seconds{stage=\"encode\",quantile=\"0.99\"} 0.099\n", text, StringComparison.Ordinal);
        Assert.Contains("wlwebrtc_stage_latency_seconds_count{stage=\"encode\"} 100\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("stage=\"send\"", text, StringComparison.Ordinal);
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
