using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using WlWebRtc.Host.Server;

namespace WlWebRtc.Host.Control;

/// <summary>
/// <c>/metrics</c>: the status figures in the Prometheus text format. On the network listener it needs the
/// viewer token (<c>Authorization: Bearer</c>, which Prometheus can send); on the control socket it is open.
/// </summary>
internal static class MetricsEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints, Func<StatusSnapshot> status, AccessTokens tokens)
    {
        endpoints.MapGet("/metrics", (HttpContext context) =>
        {
            var onControlSocket = context.Connection.LocalIpAddress is null;
            var header = context.Request.Headers[HeaderNames.Authorization].ToString();
            var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
            if (!onControlSocket && tokens.Authenticate(token) is null)
            {
                context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
                return Results.Unauthorized();
            }

            return Results.Text(Render(status()), "text/plain; version=0.0.4", System.Text.Encoding.UTF8);
        });
    }

    public static string Render(StatusSnapshot s)
    {
        var text = new StringBuilder();
        Gauge(text, "wlwebrtc_viewers", "Connected viewers.", s.Viewers);
        Gauge(text, "wlwebrtc_capture_frames_per_second", "Frames captured per second (last second).", s.CaptureFramesPerSecond);
        Gauge(text, "wlwebrtc_encoded_frames_per_second", "Frames encoded per second (last second).", s.EncodedFramesPerSecond);
        Gauge(text, "wlwebrtc_encoded_bits_per_second", "Encoder output bitrate (last second).", s.BitrateBitsPerSecond);
        Gauge(text, "wlwebrtc_target_bits_per_second", "Encoder target bitrate.", s.TargetBitrateBitsPerSecond);
        Counter(text, "wlwebrtc_captured_frames_total", "Frames delivered by the capture source.", s.CapturedFrames);
        Counter(text, "wlwebrtc_encoded_frames_total", "Access units encoded.", s.EncodedFrames);
        Counter(text, "wlwebrtc_encoded_keyframes_total", "Keyframes (IDR) encoded.", s.Keyframes);
        Counter(text, "wlwebrtc_keyframe_requests_coalesced_total", "Keyframe requests (join, PLI, FIR) served by a keyframe already waiting (encoder.min_keyframe_interval_ms).", s.KeyframeRequestsCoalesced);
        Counter(text, "wlwebrtc_encoded_bytes_total", "Bytes of encoded video.", s.EncodedBytes);
        text.Append("# HELP wlwebrtc_stage_latency_seconds Per-stage latency over the last frames.\n# TYPE wlwebrtc_stage_latency_seconds summary\n");
        foreach (var (stage, percentiles) in s.StageLatencies.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (percentiles is null)
            {
                continue;
            }

            foreach (var (quantile, ms) in new[] { ("0.5", percentiles.P50), ("0.95", percentiles.P95), ("0.99", percentiles.P99) })
            {
                text.Append(CultureInfo.InvariantCulture, $"wlwebrtc_stage_latency_seconds{{stage=\"{stage}\",quantile=\"{quantile}\"}} {ms / 1000:0.######}\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"wlwebrtc_stage_latency_seconds_count{{stage=\"{stage}\"}} {percentiles.Samples}\n");
        }

        return text.ToString();
    }

    private static void Gauge(StringBuilder text, string name, string help, double value) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value:0.###}\n");

    private static void Counter(StringBuilder text, string name, string help, long value) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}\n");
}
