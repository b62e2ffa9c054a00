using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using WlWebRtc.Host.Control;

namespace WlWebRtc.Host.Cli;

/// <summary><c>wlwebrtc status</c> and <c>wlwebrtc stop</c>: talk to a running instance over its control socket.</summary>
internal static class StatusCommand
{
    public static readonly Option<string?> Socket = new("--control-socket") { Description = "The running instance's control socket (default: $XDG_RUNTIME_DIR/wlwebrtc/control.sock)" };

    public static Command CreateStatus()
    {
        var command = new Command("status", "Show the running instance's viewers, plugins, fps and bitrate (exit code 3 when none is running, 5 when its capture failed)");
        command.Options.Add(CommonOptions.Json);
        command.Options.Add(Socket);
        command.SetAction(async (parse, ct) =>
        {
            var path = SocketPath(parse);
            using var client = new ControlClient(path);
            var status = await client.GetStatusAsync(ct);
            if (status is null)
            {
                await Console.Error.WriteLineAsync($"wlwebrtc is not running (nothing answers on {path})");
                return ExitCodes.NotRunning;
            }

            Console.Out.WriteLine(parse.GetValue(CommonOptions.Json) ? JsonSerializer.Serialize(status, StatusJsonContext.Default.StatusSnapshot) : Format(status));
            return ExitCodeFor(status);
        });
        return command;
    }

    public static Command CreateStop()
    {
        var command = new Command("stop", "Stop the running instance gracefully (exit code 3 when none is running)");
        command.Options.Add(Socket);
        command.SetAction(async (parse, ct) =>
        {
            var path = SocketPath(parse);
            using var client = new ControlClient(path);
            if (!await client.StopAsync(ct))
            {
                await Console.Error.WriteLineAsync($"wlwebrtc is not running (nothing answers on {path})");
                return ExitCodes.NotRunning;
            }

            Console.Out.WriteLine("stopping");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>A running instance whose capture failed is not healthy (it is stopping with the same code).</summary>
    internal static int ExitCodeFor(StatusSnapshot status) => status.CaptureError is null ? ExitCodes.Ok : ExitCodes.CaptureFailed;

    private static string SocketPath(ParseResult parse) => parse.GetValue(Socket) ?? ControlSocket.DefaultPath(Environment.GetEnvironmentVariable);

    internal static string Format(StatusSnapshot s)
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            $"wlwebrtc (pid {s.ProcessId}) running since {s.StartedAt.ToLocalTime():u}, serving {s.Listen}",
            "plugins: " + string.Join(", ", s.SelectedPlugins.Select(p => $"{p.Key}={p.Value}")),
            s.CaptureError is { } error
                ? $"capture: FAILED ({error}); the server is stopping (exit code {ExitCodes.CaptureFailed}), {s.CapturedFrames} frames in all"
                : $"capture: {s.Capture}, {s.CaptureFramesPerSecond.ToString("0.#", c)} fps, {s.CapturedFrames} frames in all",
            $"encoder: {s.Encoder}, {s.EncodedFramesPerSecond.ToString("0.#", c)} fps, {(s.BitrateBitsPerSecond / 1e6).ToString("0.00", c)} Mb/s (target {(s.TargetBitrateBitsPerSecond / 1e6).ToString("0.00", c)}), {s.EncodedFrames} frames in all ({s.Keyframes} keyframes)",
            $"viewers: {s.Viewers}",
        };
        if (s.Reachability is { } reachability)
        {
            lines.Add("reachability: " + reachability);
        }

        foreach (var (stage, p) in s.StageLatencies)
        {
            lines.Add(p is null ? $"latency {stage}: no samples yet" : $"latency {stage}: p50 {p.P50.ToString("0.00", c)} ms, p95 {p.P95.ToString("0.00", c)} ms, p99 {p.P99.ToString("0.00", c)} ms ({p.Samples} frames)");
        }

        lines.AddRange(s.Sessions.Select(v => $"  {v.Id} {v.Role} {v.State}, {v.FramesSent} frames sent" + (v.RoundTripMilliseconds is { } rtt ? $", rtt {rtt.ToString("0.0", c)} ms" : string.Empty) +
            (v.PacingSendMilliseconds is { } pacing ? $", pacing+send {pacing.ToString("0.0", c)} ms" : string.Empty) + Fec(v) + Refusals(v) + Congestion(v) + Probes(v)));
        lines.AddRange(s.EncoderTiers.Select(t => $"encoder tier {t.Tier}: {t.FrameRate} fps at {t.ScalePercent} % of the captured size, {(t.BitrateBitsPerSecond / 1e6).ToString("0.00", c)} Mb/s (target {(t.TargetBitrateBitsPerSecond / 1e6).ToString("0.00", c)}), {t.Viewers} viewers"));
        lines.AddRange(s.Egress.Select(e => $"egress {e.Name} to {e.Target}: {e.State}, {(e.BitrateBitsPerSecond / 1e6).ToString("0.00", c)} Mb/s, {e.Reconnects} reconnects" + (e.Error is { } why ? $" (last error: {why})" : string.Empty)));
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>The FEC a viewer gets and its share of the bytes sent, when it gets any.</summary>
    internal static string Fec(SessionStatus v) =>
        v.FecPacketsSent == 0
            ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $", FEC {v.FecPacketsSent} packets ({(v.BytesSent == 0 ? 0 : 100.0 * v.FecBytesSent / v.BytesSent):0.0} % of bytes sent, " +
                $"+{(v.BytesSent <= v.FecBytesSent ? 0 : 100.0 * v.FecBytesSent / (v.BytesSent - v.FecBytesSent)):0.0} % over the rest), {v.FecEmptyRetransmissions} empty retransmissions");

    /// <summary>The viewer's congestion state: its estimate, last reported loss and frames it did not get.</summary>
    private static string Congestion(SessionStatus v) =>
        string.Create(CultureInfo.InvariantCulture, $"; estimate {v.EstimateBitsPerSecond / 1e6:0.00} Mb/s, loss {100 * v.FractionLost:0.0} %, {v.FramesDropped} frames dropped") +
        (v.PlayoutDelayMilliseconds > 0 ? string.Create(CultureInfo.InvariantCulture, $", playout delay {v.PlayoutDelayMilliseconds:0} ms (lossy link), {v.DuplicateRetransmissions} retransmissions sent twice") : string.Empty);

    /// <summary>The viewer's bandwidth probing, when it probed: clusters, results, the last result and the padding it cost.</summary>
    internal static string Probes(SessionStatus v)
    {
        if (v.ProbeClusters == 0 && v.PaddingBytesSent == 0)
        {
            return string.Empty;
        }

        var last = v.LastProbeBitsPerSecond is { } rate
            ? string.Create(CultureInfo.InvariantCulture, $", last {rate / 1e6:0.00} Mb/s{(v.LastProbeSaturated ? " (path full)" : string.Empty)} {(v.LastProbeAgeMilliseconds ?? 0) / 1000:0.0} s ago")
            : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"; probes {v.ProbeClusters} sent, {v.ProbeResults} results{last}, padding {v.PaddingBytesSent} bytes");
    }

    /// <summary>What the transport refused from a viewer's RTCP, when it refused anything.</summary>
    private static string Refusals(SessionStatus v) =>
        v.RetransmissionsOverBudget + v.NackedSequencesDropped + v.TransportFeedbackDropped + v.KeyframeRequestsSuppressed == 0
            ? string.Empty
            : $"; refused: {v.RetransmissionsOverBudget} retransmissions over budget, {v.NackedSequencesDropped} NACKed sequences, " +
              $"{v.TransportFeedbackDropped} feedback messages, {v.KeyframeRequestsSuppressed} keyframe requests";
}
