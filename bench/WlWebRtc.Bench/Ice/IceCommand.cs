using System.CommandLine;

namespace WlWebRtc.Bench.Ice;

/// <summary><c>wlwebrtc-bench ice [--path NAME]... [--runs N] [--cpu-seconds S] [--cpu-viewers N] [--json]</c>: time to first frame and server CPU per viewer per ICE path.</summary>
internal static class IceCommand
{
    public static Command Create()
    {
        var paths = new Option<string[]>("--path")
        {
            Description = $"A path to measure (repeatable): {string.Join(", ", IcePath.Names)}; all when none is given",
            AllowMultipleArgumentsPerToken = false,
        };
        paths.Validators.Add(r =>
        {
            foreach (var name in r.GetValueOrDefault<string[]>() ?? [])
            {
                if (!IcePath.Names.Contains(name))
                {
                    r.AddError($"--path must be one of {string.Join(", ", IcePath.Names)}, got '{name}'");
                }
            }
        });
        var runs = new Option<int>("--runs") { Description = "Viewers per path, one after another, 1 to 100", DefaultValueFactory = _ => 3 };
        runs.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<int>();
            if (value is < 1 or > 100)
            {
                r.AddError($"--runs must be from 1 to 100, got {value}");
            }
        });
        var cpuSeconds = new Option<int>("--cpu-seconds") { Description = "Seconds per server CPU sample (1 viewer, then --cpu-viewers), 0 to 600; 0 skips the CPU measurement", DefaultValueFactory = _ => 10 };
        cpuSeconds.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<int>();
            if (value is < 0 or > 600)
            {
                r.AddError($"--cpu-seconds must be from 0 to 600, got {value}");
            }
        });
        var cpuViewers = new Option<int>("--cpu-viewers") { Description = "Viewers playing at once for the second CPU sample, 2 to 16", DefaultValueFactory = _ => 3 };
        cpuViewers.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<int>();
            if (value is < 2 or > 16)
            {
                r.AddError($"--cpu-viewers must be from 2 to 16, got {value}");
            }
        });
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };
        var command = new Command("ice", "Time from a viewer's offer to its first frame over each ICE path: host (loopback), srflx (server behind an nft NAT, STUN), relay-udp, relay-tcp and relay-tls (coturn, relay-only viewer); and the server's CPU with 1 viewer and per extra viewer on each path; needs root (network namespaces)");
        command.Options.Add(paths);
        command.Options.Add(runs);
        command.Options.Add(cpuSeconds);
        command.Options.Add(cpuViewers);
        command.Options.Add(json);
        command.SetAction((parse, ct) =>
        {
            var chosen = parse.GetValue(paths) is { Length: > 0 } p ? p : [.. IcePath.Names];
            return IceBenchmark.RunAsync(chosen, parse.GetValue(runs), new CpuMeasurement(parse.GetValue(cpuSeconds), parse.GetValue(cpuViewers)), parse.GetValue(json), Console.Out, ct);
        });
        return command;
    }
}
