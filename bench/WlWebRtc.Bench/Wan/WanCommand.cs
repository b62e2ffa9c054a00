using System.CommandLine;
using WlWebRtc.Testing.Network;

namespace WlWebRtc.Bench.Wan;

/// <summary><c>wlwebrtc-bench wan [--profile NAME]... [--seconds S] [--lines N] [--reference] [--fec off|on|both] [--fec-protection auto|F] [--server-config KEY=VALUE]... [--json] [--server-stats]</c>.</summary>
internal static class WanCommand
{
    private static readonly bool[] FecOff = [false];
    private static readonly bool[] FecOn = [true];
    private static readonly bool[] FecOffThenOn = [false, true];

    public static Command Create()
    {
        var names = string.Join(", ", WanProfile.All.Select(p => p.Name));
        var profile = new Option<string[]>("--profile") { Description = $"A link profile to run (repeatable; default all): {names}", AllowMultipleArgumentsPerToken = false };
        profile.Validators.Add(r =>
        {
            foreach (var name in r.GetValueOrDefault<string[]>() ?? [])
            {
                if (WanProfile.All.All(p => p.Name != name))
                {
                    r.AddError($"--profile must be one of {names}, got '{name}'");
                }
            }
        });
        var seconds = new Option<int>("--seconds") { Description = "Run each profile this long instead of its own duration (10 to 600)" };
        seconds.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<int>();
            if (value != 0 && value is < 10 or > 600)
            {
                r.AddError($"--seconds must be from 10 to 600, got {value}");
            }
        });
        var lines = new Option<int>("--lines") { Description = "Lines of random text the terminal prints per second (1 to 240)", DefaultValueFactory = _ => 30 };
        lines.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 240)
            {
                r.AddError($"--lines must be from 1 to 240, got {r.GetValueOrDefault<int>()}");
            }
        });
        var reference = new Option<bool>("--reference") { Description = "Also run the aiortc + x264 reference sender (Debian python3-aiortc) through the same profiles" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };
        var serverStats = new Option<bool>("--server-stats") { Description = "Print our server's status once a second to stderr (encoder, degradation rung, per viewer: estimate, loss, NACKs, keyframe requests, frames dropped)" };
        var fec = new Option<string>("--fec")
        {
            Description = "Our server's FEC: off, on (ULPFEC in RED, [transport.webrtc] fec = \"ulpfec\") or both (each profile twice, off then on)",
            DefaultValueFactory = _ => "off",
        };
        fec.AcceptOnlyFromAmong("off", "on", "both");
        var fecProtection = new Option<string>("--fec-protection") { Description = "[transport.webrtc] fec_protection with FEC on: auto or a fraction 0.05-1", DefaultValueFactory = _ => "auto" };
        fecProtection.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string>();
            if (value != "auto" && !(double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var f) && f is >= 0.05 and <= 1))
            {
                r.AddError($"--fec-protection must be auto or 0.05 to 1, got {value}");
            }
        });

        var serverConfig = new Option<string[]>("--server-config")
        {
            Description = "A key = value line added to our server's [transport.webrtc] table (repeatable; a TOML value, e.g. playout_delay_zero=false or playout_delay=\"adaptive\")",
            AllowMultipleArgumentsPerToken = false,
        };
        serverConfig.Validators.Add(r =>
        {
            foreach (var line in r.GetValueOrDefault<string[]>() ?? [])
            {
                if (line.IndexOf('=', StringComparison.Ordinal) is var at && (at <= 0 || at == line.Length - 1 || line.Contains('\n', StringComparison.Ordinal)))
                {
                    r.AddError($"--server-config must be key=value on one line, got '{line}'");
                }
            }
        });

        var command = new Command("wan", "Play the server's desktop (sway, a terminal scrolling random text, portal capture, x264) in headless Chromium through a WAN emulator, per link profile");
        command.Options.Add(profile);
        command.Options.Add(seconds);
        command.Options.Add(lines);
        command.Options.Add(reference);
        command.Options.Add(json);
        command.Options.Add(serverStats);
        command.Options.Add(fec);
        command.Options.Add(fecProtection);
        command.Options.Add(serverConfig);
        command.SetAction((parse, ct) =>
        {
            var chosen = parse.GetValue(profile) is { Length: > 0 } list ? WanProfile.All.Where(p => list.Contains(p.Name)).ToList() : [.. WanProfile.All];
            var duration = parse.GetValue(seconds);
            if (duration > 0)
            {
                chosen = [.. chosen.Select(p => p.WithDuration(TimeSpan.FromSeconds(duration)))];
            }

            IReadOnlyList<bool> fecModes = parse.GetValue(fec) switch
            {
                "on" => FecOn,
                "both" => FecOffThenOn,
                _ => FecOff,
            };
            var options = new WanOptions(chosen, parse.GetValue(lines), parse.GetValue(reference), parse.GetValue(json))
            {
                ServerStats = parse.GetValue(serverStats),
                FecModes = fecModes,
                FecProtection = parse.GetValue(fecProtection) ?? "auto",
                ServerConfig = parse.GetValue(serverConfig) ?? [],
            };
            return WanBenchmark.RunAsync(options, Console.Out, ct);
        });
        return command;
    }
}

/// <summary>What <c>wan</c> runs.</summary>
internal sealed record WanOptions(IReadOnlyList<WanProfile> Profiles, int LinesPerSecond, bool Reference, bool Json)
{
    /// <summary>Print our server's status once a second during each run (<see cref="ServerStatsLog"/>).</summary>
    public bool ServerStats { get; init; }

    /// <summary>Our server runs each profile once per entry: FEC off (false) and/or on (true).</summary>
    public IReadOnlyList<bool> FecModes { get; init; } = [false];

    /// <summary>fec_protection with FEC on: "auto" or a fraction.</summary>
    public string FecProtection { get; init; } = "auto";

    /// <summary>key=value lines added to our server's [transport.webrtc] table (<c>--server-config</c>).</summary>
    public IReadOnlyList<string> ServerConfig { get; init; } = [];
}
