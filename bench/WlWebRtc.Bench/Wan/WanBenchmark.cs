using Microsoft.Playwright;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Desktop;
using WlWebRtc.Testing.Network;
using WlWebRtc.Testing.Network.Wire;
using WlWebRtc.Testing.Server;

namespace WlWebRtc.Bench.Wan;

/// <summary>
/// Issue 14's measurement: a real headless sway desktop with a terminal scrolling random text, captured by the server
/// through the ScreenCast portal and encoded with x264, played in headless Chromium (WHEP) through the WAN emulator
/// (<see cref="WanNetwork"/>: the server in the server namespace, Chromium in the viewer namespace, the TUN wire
/// between), one fresh server per profile; optionally the aiortc + x264 reference sender on the same desktop through
/// the same profiles right after ours (<see cref="ReferenceSender"/>).
/// </summary>
internal static class WanBenchmark
{
    private const string Token = "wan-bench-token-0123456789abcdef";

    public static async Task<int> RunAsync(WanOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        try
        {
            using var network = WanNetwork.Create();
            var rows = new List<WanReportRow>();
            foreach (var profile in options.Profiles)
            {
                // A fresh desktop per profile: xdg-desktop-portal-wlr 0.7 may crash when a cast's client is killed
                // (seen after the reference sender), which would leave the next profiles without a portal.
                using var desktop = await HeadlessDesktop.StartAsync(new HeadlessDesktopOptions(1280, 720, "#202020", 30), cancellationToken);
                using var terminal = await desktop.StartRandomTextTerminalAsync(options.LinesPerSecond);
                foreach (var fec in options.FecModes)
                {
                    var sender = fec ? "wlwebrtc+fec" : "wlwebrtc";
                    await Console.Error.WriteLineAsync($"wan: {profile.Name} ({profile.Description}), {profile.Duration.TotalSeconds:0} s, {sender}");
                    await AddAsync(rows, sender, profile, () => RunServerAsync(desktop, network, profile, fec ? options.FecProtection : null, options, cancellationToken));
                }

                if (options.Reference)
                {
                    await Console.Error.WriteLineAsync($"wan: {profile.Name}, aiortc reference");
                    await AddAsync(rows, "aiortc", profile, () => ReferenceSender.RunAsync(desktop, network, profile, cancellationToken));
                }
            }

            var report = new WanReport(options, rows);
            await output.WriteLineAsync(options.Json ? report.ToJson() : report.ToText());
            if (options.Json)
            {
                // The table too, for people, on stderr.
                await Console.Error.WriteLineAsync(report.ToText());
            }

            return rows.Count == options.Profiles.Count * (options.FecModes.Count + (options.Reference ? 1 : 0)) && rows.All(r => r.Result.Trace.Ok) ? 0 : 1;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or UnauthorizedAccessException or InvalidOperationException or TimeoutException or PlaywrightException or HeadlessDesktopException)
        {
            await output.WriteLineAsync("bench wan: " + ex.Message);
            return 1;
        }
    }

    /// <summary>Runs one sender through one profile; a run that fails is reported and left out, the others go on.</summary>
    private static async Task AddAsync(List<WanReportRow> rows, string sender, WanProfile profile, Func<Task<WanRunResult>> run)
    {
        try
        {
            rows.Add(new WanReportRow(sender, await run()));
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or TimeoutException or PlaywrightException)
        {
            await Console.Error.WriteLineAsync($"wan: {profile.Name}, {sender}: the run failed and is left out: {ex.Message}");
        }
    }

    /// <param name="fecProtection">null: FEC off; else FEC on with this fec_protection ("auto" or a fraction).</param>
    private static async Task<WanRunResult> RunServerAsync(HeadlessDesktop desktop, WanNetwork network, WanProfile profile, string? fecProtection, WanOptions options, CancellationToken cancellationToken)
    {
        var toml = fecProtection is null ? ServerToml : ServerToml + $"""

            fec = "ulpfec"
            fec_protection = {(fecProtection == "auto" ? "\"auto\"" : fecProtection)}
            """;
        foreach (var line in options.ServerConfig)
        {
            // Still inside [transport.webrtc], the last table of ServerToml.
            var at = line.IndexOf('=', StringComparison.Ordinal);
            toml += $"\n{line[..at].Trim()} = {line[(at + 1)..].Trim()}";
        }

        await using var server = await WanRun.StartServerAsync(new ServerLaunch("portal", Token, toml)
        {
            Environment = desktop.Environment,
            StartTimeout = TimeSpan.FromSeconds(120),
        }, network, message => Console.Error.WriteLine("wan: " + message));
        WanRunResult result;
        await using (var stats = options.ServerStats ? ServerStatsLog.Start(server.ControlSocket, profile.Name) : null)
        {
            result = await WanRun.PlayAsync(profile, network, WanRun.WhepAcrossTheWire(server.BaseUrl.Port), Token, cancellationToken);
        }

        if (!result.Trace.Ok)
        {
            await Console.Error.WriteLineAsync($"wan: {profile.Name}: the browser failed: {result.Trace.Error}\n{result.BrowserConsole}\n{server.Output}");
        }

        return result;
    }

    /// <summary>The server as issue 14 measures it: portal capture at up to 30 fps, x264 with the shipped defaults, no input.</summary>
    public static string ServerToml => $"""
        [capture]
        max_fps = 30

        [capture.portal]
        persist_restore_token = false

        [input]
        plugin = "none"

        {WanRun.ServerTransportToml()}
        """;
}
