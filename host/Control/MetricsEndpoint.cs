using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using WlWebRtc.Host.Server;
using WlWebRtc.RateLimiting;

namespace WlWebRtc.Host.Control;

/// <summary>
/// <c>/metrics</c>: the status figures in the Prometheus text format. On the control socket it is open; on the
/// network listener it needs <c>server.metrics_token</c> (<c>Authorization: Bearer</c>, which Prometheus can send)
/// and is not served at all when that is not set. Viewer and control tokens are not accepted. Wrong tokens are
/// limited per address and in all, like on the signaling endpoints.
/// </summary>
internal static partial class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static void Map(IEndpointRouteBuilder endpoints, Func<StatusSnapshot> status, SecretToken? metricsToken, AuthenticationGuard guard, ILogger logger)
    {
        endpoints.MapGet(Path, (HttpContext context) =>
        {
            var onControlSocket = context.Connection.LocalIpAddress is null;
            if (!onControlSocket && Refusal(context, metricsToken, guard, logger) is { } refused)
            {
                return refused;
            }

            return Results.Text(Render(status()), "text/plain; version=0.0.4", System.Text.Encoding.UTF8);
        });
    }

    private static IResult? Refusal(HttpContext context, SecretToken? metricsToken, AuthenticationGuard guard, ILogger logger)
    {
        if (metricsToken is null)
        {
            return Results.Text("/metrics is served on the control socket only: set server.metrics_token to serve it here\n", statusCode: StatusCodes.Status404NotFound);
        }

        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var header = context.Request.Headers[HeaderNames.Authorization].ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        if (string.IsNullOrEmpty(token))
        {
            context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
            return Results.Unauthorized();
        }

        if (!guard.TryBegin(client, out var retryAfter, out var reason))
        {
            Log.Throttled(logger, client, reason);
            context.Response.Headers[HeaderNames.RetryAfter] = Math.Ceiling(retryAfter.TotalSeconds).ToString("0", CultureInfo.InvariantCulture);
            return Results.Text(reason + "; retry later\n", statusCode: StatusCodes.Status429TooManyRequests);
        }

        if (!metricsToken.Matches(token))
        {
            var lockout = guard.Failed(client);
            Log.Refused(logger, client, lockout.TotalSeconds);
            context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer error=\"invalid_token\"";
            return Results.Unauthorized();
        }

        guard.Succeeded(client);
        return null;
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

    private static partial class Log
    {
        [LoggerMessage(40, LogLevel.Information, "/metrics client {Client} refused: the token is not valid (locked out for {LockoutSeconds:0} s)")]
        public static partial void Refused(ILogger logger, string client, double lockoutSeconds);

        [LoggerMessage(41, LogLevel.Debug, "/metrics client {Client} refused before its token was checked: {Reason}")]
        public static partial void Throttled(ILogger logger, string client, string reason);
    }
}
