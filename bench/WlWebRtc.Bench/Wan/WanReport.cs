using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WlWebRtc.Testing.Network;

namespace WlWebRtc.Bench.Wan;

/// <summary>One sender's run of one profile.</summary>
internal sealed record WanReportRow(string Sender, WanRunResult Result);

/// <summary>What <c>wan</c> measured, as a table for people or JSON for scripts.</summary>
internal sealed record WanReport(WanOptions Options, IReadOnlyList<WanReportRow> Rows)
{
    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"load average at the end: {LoadAverage()}");
        if (Options.ServerConfig.Count > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"our server's [transport.webrtc] additions: {string.Join(", ", Options.ServerConfig)}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"bench wan: sway 1280x720, foot scrolling {Options.LinesPerSecond} lines/s of random text, portal capture (30 fps max), x264 -> WebRTC -> headless Chromium (WHEP) through the WAN emulator (TUN wire between two network namespaces)");
        text.AppendLine("  latency = ms from a frame's first RTP packet entering the link to the page's requestVideoFrameCallback for it, p50/p95/p99;");
        text.AppendLine("  net = ms from that packet entering the link to the frame's last packet arriving (receiveTime), p50/p95; '!' after them: some frame came out");
        text.AppendLine("  below the link's one-way delay (the clocks disagree: see the flags below);");
        text.AppendLine("  first = s from the viewer's WHEP offer to its first frame; util = sent/capacity from 5 s on; to70 = s until a 1 s window carried 70 % (after each rise: +);");
        text.AppendLine("  queue = queueing delay at the bottleneck p50/p95 (all | from 5 s on); back/settle = s after a drop until the queue was < 50 ms for 1 s / stayed < 50 ms for the rest of the phase; freezes = gaps > 200 ms (outside outages)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"profile",-8} {"sender",-13} {"first s",7} {"latency ms",14} {"net ms",9} {"fps",5} {"freezes",8} {"longest",8} {"util",5} {"to70 s",12} {"queue ms",11} {"steady ms",11} {"back/settle s",13} {"drops",10} {"lost",5} {"outage->video",13} {"rtt ms",10}");
        foreach (var row in Rows)
        {
            var m = row.Result.Metrics;
            var to70 = F(m.SecondsTo70) + string.Concat(m.SecondsTo70AfterRise.Select(s => " +" + F(s)));
            var drops = string.Create(CultureInfo.InvariantCulture, $"{m.QueueDrops}({m.QueueDropsFirstSecond})");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{m.Profile,-8} {row.Sender,-13} {F(m.FirstFrameSeconds),7} {Latency(m),14} {Network(m),9} {m.Fps,5:0.0} {m.Freezes,8} {m.LongestGapMs,6:0}ms {Pct(m.SteadyUtilisation),5} {to70,12} {Pair(m.QueueP50Ms, m.QueueP95Ms),11} {Pair(m.SteadyQueueP50Ms, m.SteadyQueueP95Ms),11} {Back(m),13} {drops,10} {m.RandomLosses,5} {List(m.VideoAfterOutageMs, "0") + (m.VideoAfterOutageMs.Count > 0 ? " ms" : ""),13} {Pair(m.RttP50Ms ?? double.NaN, m.RttP95Ms ?? double.NaN),10}");
            if (!row.Result.Trace.Ok)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{"",-8} {"",-9} FAILED: {row.Result.Trace.Error}");
            }
        }

        foreach (var row in Rows.Where(r => r.Result.Metrics.LatencyBelowOneWayDelay))
        {
            var m = row.Result.Metrics;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"FLAG {m.Profile} {row.Sender}: a latency below the link's one-way delay of {m.OneWayDelayFloorMs:0} ms (min to the page {F0(m.LatencyMinMs)} ms, min network {F0(m.NetworkLatencyMinMs)} ms): the wire's and the browser's clocks disagree in this run");
        }

        text.AppendLine();
        text.AppendLine("what the browser counted at the end (getStats inbound-rtp) and the mean rate on the link:");
        foreach (var row in Rows)
        {
            var last = row.Result.Trace.Stats.Count > 0 ? row.Result.Trace.Stats[^1] : null;
            var sent = row.Result.Metrics.SentMbpsPerSecond;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  {row.Result.Metrics.Profile,-8} {row.Sender,-13} {(sent.Count > 0 ? sent.Average() : 0):0.00} Mb/s, packets {last?.PacketsReceived} lost {last?.PacketsLost}, nack {last?.NackCount}, rtx {last?.RetransmittedPacketsReceived}, fec {last?.FecPacketsReceived} ({FecShare(last)} of packets) discarded {last?.FecPacketsDiscarded}, pli {last?.PliCount}, freezes {last?.FreezeCount}, frames {last?.FramesReceived} received {last?.FramesDecoded} decoded {last?.FramesDropped} dropped, jitter buffer {JitterBufferMs(last)} ms");
        }

        text.AppendLine();
        text.AppendLine("the wire's precision: how late packets left it after their due time, us (p50/p99/max), and the histogram:");
        foreach (var row in Rows)
        {
            var p = row.Result.Precision;
            text.AppendLine(CultureInfo.InvariantCulture, $"  {row.Result.Metrics.Profile,-8} {row.Sender,-13} {p.P50:0}/{p.P99:0}/{p.Max:0} us, {p.Packets} packets{(row.Result.RealTime ? "" : " (no SCHED_FIFO)")}: {p.Histogram()}");
        }

        text.AppendLine();
        text.AppendLine("sent through the bottleneck, Mb/s per second (capacity in brackets when it changes):");
        foreach (var row in Rows)
        {
            var m = row.Result.Metrics;
            var series = new StringBuilder();
            for (var i = 0; i < m.SentMbpsPerSecond.Count; i++)
            {
                if (i == 0 || m.CapacityMbpsPerSecond[i] != m.CapacityMbpsPerSecond[i - 1])
                {
                    series.Append(CultureInfo.InvariantCulture, $"[{m.CapacityMbpsPerSecond[i]:0.#}] ");
                }

                series.Append(CultureInfo.InvariantCulture, $"{m.SentMbpsPerSecond[i]:0.0} ");
            }

            text.AppendLine(CultureInfo.InvariantCulture, $"  {m.Profile,-8} {row.Sender,-13} {series}");
        }

        return text.ToString();
    }

    public string ToJson()
    {
        var runs = new JsonArray();
        foreach (var row in Rows)
        {
            var m = row.Result.Metrics;
            runs.Add(new JsonObject
            {
                ["profile"] = m.Profile,
                ["description"] = row.Result.Profile.Description,
                ["sender"] = row.Sender,
                ["ok"] = row.Result.Trace.Ok,
                ["error"] = row.Result.Trace.Error,
                ["seconds"] = row.Result.Profile.Duration.TotalSeconds,
                ["received"] = $"{row.Result.Trace.Width}x{row.Result.Trace.Height}",
                ["first_frame_s"] = R(m.FirstFrameSeconds),
                ["first_frame_from_viewer_start_s"] = R(m.FirstFrameFromStartSeconds),
                ["frames"] = m.Frames,
                ["fps"] = R(m.Fps),
                ["latency_ms"] = new JsonObject { ["p50"] = R(m.LatencyP50Ms), ["p95"] = R(m.LatencyP95Ms), ["p99"] = R(m.LatencyP99Ms), ["min"] = R(m.LatencyMinMs) },
                ["network_latency_ms"] = new JsonObject { ["p50"] = R(m.NetworkLatencyP50Ms), ["p95"] = R(m.NetworkLatencyP95Ms), ["min"] = R(m.NetworkLatencyMinMs) },
                ["one_way_delay_floor_ms"] = R(m.OneWayDelayFloorMs),
                ["latency_below_one_way_delay"] = m.LatencyBelowOneWayDelay,
                ["mean_sent_mbps"] = R(m.SentMbpsPerSecond.Count > 0 ? m.SentMbpsPerSecond.Average() : null),
                ["freezes_over_200ms"] = m.Freezes,
                ["longest_gap_ms"] = R(m.LongestGapMs),
                ["steady_utilisation"] = R(m.SteadyUtilisation),
                ["seconds_to_70_percent"] = R(m.SecondsTo70),
                ["seconds_to_70_percent_after_rise"] = new JsonArray([.. m.SecondsTo70AfterRise.Select(s => (JsonNode?)R(s))]),
                ["seconds_to_queue_under_50ms_after_drop"] = new JsonArray([.. m.SecondsToQueueUnder50AfterDrop.Select(s => (JsonNode?)R(s))]),
                ["seconds_to_queue_back_under_50ms_after_drop"] = new JsonArray([.. m.SecondsToQueueBackUnder50AfterDrop.Select(s => (JsonNode?)R(s))]),
                ["queue_delay_ms"] = new JsonObject { ["p50"] = R(m.QueueP50Ms), ["p95"] = R(m.QueueP95Ms), ["steady_p50"] = R(m.SteadyQueueP50Ms), ["steady_p95"] = R(m.SteadyQueueP95Ms) },
                ["video_after_outage_ms"] = new JsonArray([.. m.VideoAfterOutageMs.Select(s => (JsonNode?)R(s))]),
                ["queue_drops"] = m.QueueDrops,
                ["queue_drops_first_second"] = m.QueueDropsFirstSecond,
                ["random_losses"] = m.RandomLosses,
                ["rtt_ms"] = new JsonObject { ["p50"] = R(m.RttP50Ms), ["p95"] = R(m.RttP95Ms) },
                ["sent_mbps_per_second"] = new JsonArray([.. m.SentMbpsPerSecond.Select(v => (JsonNode?)v)]),
                ["capacity_mbps_per_second"] = new JsonArray([.. m.CapacityMbpsPerSecond.Select(v => (JsonNode?)v)]),
                ["queue_max_ms_per_second"] = new JsonArray([.. m.QueueMaxMsPerSecond.Select(v => (JsonNode?)v)]),
                ["browser"] = BrowserTotals(row.Result.Trace),
                ["wire_precision_us"] = new JsonObject
                {
                    ["packets"] = row.Result.Precision.Packets,
                    ["p50"] = R(row.Result.Precision.P50),
                    ["p90"] = R(row.Result.Precision.P90),
                    ["p99"] = R(row.Result.Precision.P99),
                    ["p999"] = R(row.Result.Precision.P999),
                    ["max"] = R(row.Result.Precision.Max),
                    ["histogram"] = row.Result.Precision.Histogram(),
                    ["sched_fifo"] = row.Result.RealTime,
                },
            });
        }

        return new JsonObject
        {
            ["benchmark"] = "wan",
            ["load_average"] = LoadAverage(),
            ["server_config"] = new JsonArray([.. Options.ServerConfig.Select(l => (JsonNode?)l)]),
            ["content"] = $"sway 1280x720, foot scrolling {Options.LinesPerSecond} lines/s of random text, portal capture",
            ["runs"] = runs,
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The machine's load average (1, 5, 15 min) when the report is written: the runs compete with it.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static JsonObject BrowserTotals(PlaybackTrace trace)
    {
        var last = trace.Stats.Count > 0 ? trace.Stats[^1] : null;
        return new JsonObject
        {
            ["frames_decoded"] = last?.FramesDecoded,
            ["frames_dropped"] = last?.FramesDropped,
            ["key_frames_decoded"] = last?.KeyFramesDecoded,
            ["freeze_count"] = last?.FreezeCount,
            ["packets_lost"] = last?.PacketsLost,
            ["nack_count"] = last?.NackCount,
            ["pli_count"] = last?.PliCount,
            ["bytes_received"] = last?.BytesReceived,
            ["packets_received"] = last?.PacketsReceived,
            ["retransmitted_packets_received"] = last?.RetransmittedPacketsReceived,
            ["fec_packets_received"] = last?.FecPacketsReceived,
            ["fec_packets_discarded"] = last?.FecPacketsDiscarded,
            ["frames_received"] = last?.FramesReceived,
            ["jitter_buffer_delay_s"] = last?.JitterBufferDelay,
            ["jitter_buffer_emitted_count"] = last?.JitterBufferEmittedCount,
        };
    }

    private static string Latency(WanRunMetrics m) => m.LatencyP50Ms is { } p50
        ? string.Create(CultureInfo.InvariantCulture, $"{p50:0}/{m.LatencyP95Ms:0}/{m.LatencyP99Ms:0}")
        : "-";

    private static string Network(WanRunMetrics m) => m.NetworkLatencyP50Ms is { } p50
        ? string.Create(CultureInfo.InvariantCulture, $"{p50:0}/{m.NetworkLatencyP95Ms:0}{(m.LatencyBelowOneWayDelay ? "!" : "")}")
        : (m.LatencyBelowOneWayDelay ? "-!" : "-");

    /// <summary>The mean time a frame spent in the browser's jitter buffer over the run.</summary>
    private static string JitterBufferMs(StatsSample? last) => last is { JitterBufferEmittedCount: > 0 } s
        ? (1000 * s.JitterBufferDelay / s.JitterBufferEmittedCount).ToString("0.0", CultureInfo.InvariantCulture)
        : "-";

    private static string F0(double? value) => value is { } v ? v.ToString("0", CultureInfo.InvariantCulture) : "-";

    private static string FecShare(StatsSample? last) => last is { PacketsReceived: > 0 } s
        ? (100.0 * s.FecPacketsReceived / s.PacketsReceived).ToString("0.0", CultureInfo.InvariantCulture) + " %"
        : "-";

    private static double? R(double? value) => value is { } v && double.IsFinite(v) ? Math.Round(v, 3) : null;

    private static string F(double? seconds) => seconds is { } s ? s.ToString("0.00", CultureInfo.InvariantCulture) : "-";

    private static string Pct(double? ratio) => ratio is { } r ? (r * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : "-";

    private static string Pair(double a, double b) => double.IsFinite(a) ? string.Create(CultureInfo.InvariantCulture, $"{a:0}/{b:0}") : "-";

    private static string Back(WanRunMetrics m) =>
        m.SecondsToQueueUnder50AfterDrop.Count == 0 ? "-" : List(m.SecondsToQueueBackUnder50AfterDrop, "0.0") + "/" + List(m.SecondsToQueueUnder50AfterDrop, "0.0");

    private static string List(IReadOnlyList<double?> values, string format) =>
        values.Count == 0 ? "-" : string.Join(",", values.Select(v => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "never"));
}
