using System.CommandLine;

namespace WlWebRtc.Bench.Ice;

/// <summary><c>wlwebrtc-bench ice [--path NAME]... [--runs N] [--json]</c>: time to first frame per ICE path.</summary>
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
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };
        var command = new Command("ice", "Time from a viewer's offer to its first frame over each ICE path: host (loopback), srflx (server behind an nft NAT, STUN), relay-udp and relay-tcp (coturn, relay-only viewer); needs root (network namespaces)");
        command.Options.Add(paths);
        command.Options.Add(runs);
        command.Options.Add(json);
        command.SetAction((parse, ct) =>
        {
            var chosen = parse.GetValue(paths) is { Length: > 0 } p ? p : [.. IcePath.Names];
            return IceBenchmark.RunAsync(chosen, parse.GetValue(runs), parse.GetValue(json), Console.Out, ct);
        });
        return command;
    }
}
