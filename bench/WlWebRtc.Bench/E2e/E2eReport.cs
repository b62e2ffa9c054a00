using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WlWebRtc.Bench.E2e;

/// <summary>What <c>e2e</c> measured, as text for people or JSON for scripts.</summary>
internal sealed record E2eReport(E2eOptions Options, int Width, int Height, int Samples, int BadReads, double P50, double P95, double P99, double PresentedFps, double DecodedFps, double CpuCores, long PeakRssBytes)
{
    /// <summary>How the page read the barcode: "videoframe" (WebCodecs, a luma rectangle) or "canvas" (drawImage, whole frame to RGB).</summary>
    public string Reader { get; init; } = "unknown";

    public static E2eReport From(E2eOptions options, JsonElement result, double cpuCores, long peakRss)
    {
        var latencies = result.GetProperty("latencies").EnumerateArray().Select(n => n.GetDouble()).Order().ToArray();
        double At(double p) => latencies.Length == 0 ? double.NaN : latencies[Math.Min(latencies.Length - 1, (int)(p * latencies.Length))];
        var elapsed = result.GetProperty("elapsed").GetDouble();
        return new E2eReport(options, result.GetProperty("width").GetInt32(), result.GetProperty("height").GetInt32(), latencies.Length, result.GetProperty("badReads").GetInt32(),
            At(0.50), At(0.95), At(0.99), result.GetProperty("presented").GetInt32() / elapsed, result.GetProperty("decoded").GetInt32() / elapsed, cpuCores, peakRss)
        {
            Reader = result.TryGetProperty("reader", out var reader) ? reader.GetString() ?? "unknown" : "unknown",
        };
    }

    public string ToText() => string.Create(CultureInfo.InvariantCulture, $"""
        bench e2e: testpattern ({Options.Content}) {Options.Width}x{Options.Height}@{Options.Fps} -> x264 -> WebRTC -> headless Chromium (WHEP), {Options.Seconds} s
          received            {Width}x{Height}
          capture->pixels     p50 {P50:0.0} ms   p95 {P95:0.0} ms   p99 {P99:0.0} ms   ({Samples} frames read, {BadReads} unreadable, read by {Reader})
          frames delivered    {PresentedFps:0.0} fps presented, {DecodedFps:0.0} fps decoded
          server CPU          {CpuCores * 100:0.0}% of one core
          server peak RSS     {PeakRssBytes / (1024.0 * 1024.0):0.0} MB
        """);

    public string ToJson() => new JsonObject
    {
        ["benchmark"] = "e2e",
        ["size"] = $"{Options.Width}x{Options.Height}",
        ["fps"] = Options.Fps,
        ["seconds"] = Options.Seconds,
        ["received"] = $"{Width}x{Height}",
        ["latency_ms"] = new JsonObject { ["p50"] = Round(P50), ["p95"] = Round(P95), ["p99"] = Round(P99), ["samples"] = Samples, ["unreadable"] = BadReads, ["reader"] = Reader },
        ["presented_fps"] = Round(PresentedFps),
        ["decoded_fps"] = Round(DecodedFps),
        ["server_cpu_percent_of_core"] = Round(CpuCores * 100),
        ["server_peak_rss_bytes"] = PeakRssBytes,
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static double Round(double value) => double.IsFinite(value) ? Math.Round(value, 2) : -1;
}
