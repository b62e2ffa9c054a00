using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;

namespace WlWebRtc.Bench.Wan;

/// <summary>
/// <c>wan --server-stats</c>: reads the server's status through its control socket once a second during a run and
/// prints one line per reading to stderr: the encoder (frame rate, bitrate, target, keyframes), the degradation rung
/// of each tier and, per viewer, its bandwidth estimate, reported loss, NACKs, retransmissions, keyframe requests,
/// frames dropped and pacing delay. This is what explains a run's figures (did the estimate fall, did the policy
/// lower the frame rate, did keyframes follow losses); the control socket is a path socket, so it reaches the server
/// in its network namespace without crossing the emulated link.
/// </summary>
internal sealed class ServerStatsLog : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly string _label;

    private ServerStatsLog(string controlSocket, string label)
    {
        _label = label;
        _http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(controlSocket), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        { BaseAddress = new Uri("http://wlwebrtc.control/"), Timeout = TimeSpan.FromSeconds(2) };
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Starts reading the status of the server listening on <paramref name="controlSocket"/>.</summary>
    public static ServerStatsLog Start(string controlSocket, string label) => new(controlSocket, label);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
        _http.Dispose();
    }

    private async Task LoopAsync()
    {
        var started = DateTime.UtcNow;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _stop.Token).ConfigureAwait(false);
                var json = await _http.GetStringAsync(new Uri("/control/status", UriKind.Relative), _stop.Token).ConfigureAwait(false);
                await Console.Error.WriteLineAsync(Format((DateTime.UtcNow - started).TotalSeconds, json)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or SocketException or IOException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
            {
                await Console.Error.WriteLineAsync($"wan: {_label} stats: {ex.Message}").ConfigureAwait(false);
            }
        }
    }

    private string Format(double seconds, string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var c = CultureInfo.InvariantCulture;
        var line = string.Create(c, $"wan: {_label} {seconds,5:0.0} s: encode {root.GetProperty("encode_fps").GetDouble(),4:0.#} fps {root.GetProperty("bitrate_bps").GetInt64() / 1e6:0.00} Mb/s (target {root.GetProperty("target_bitrate_bps").GetInt64() / 1e6:0.00}), {root.GetProperty("keyframes_encoded").GetInt64()} keyframes");
        foreach (var tier in root.GetProperty("encoder_tiers").EnumerateArray())
        {
            line += string.Create(c, $"; tier {tier.GetProperty("tier").GetInt32()} {tier.GetProperty("fps").GetInt32()} fps {tier.GetProperty("scale_percent").GetInt32()} % {tier.GetProperty("viewers").GetInt32()} viewers");
        }

        foreach (var session in root.GetProperty("sessions").EnumerateArray())
        {
            line += string.Create(c, $"; viewer est {Long(session, "estimate_bps") / 1e6:0.00} Mb/s loss {Double(session, "fraction_lost") * 100:0.0} % rtt {Double(session, "rtt_ms"):0} ms nacks {Long(session, "nacks_received")} rtx {Long(session, "packets_retransmitted")} pli {Long(session, "keyframe_requests_received")} dropped {Long(session, "frames_dropped")} pacing {Double(session, "pacing_send_ms"):0} ms playout {Double(session, "playout_delay_ms"):0} ms rtx twice {Long(session, "duplicate_retransmissions")}");
            // What was refused (a NACK left unanswered stalls Chromium's picture until it asks for a keyframe) and what FEC cost.
            line += string.Create(c, $" refused {Long(session, "retransmissions_over_budget")} over budget {Long(session, "nacked_sequences_dropped")} nacked, {Long(session, "keyframe_requests_suppressed")} key requests suppressed");
            if (Long(session, "fec_packets_sent") > 0)
            {
                var total = Long(session, "bytes_sent");
                line += string.Create(c, $" FEC {Long(session, "fec_packets_sent")} packets {(total == 0 ? 0 : 100.0 * Long(session, "fec_bytes_sent") / total):0.0} % of bytes, {Long(session, "fec_empty_retransmissions")} empty rtx");
            }
        }

        return line;
    }

    private static long Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;

    private static double Double(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : 0;
}
