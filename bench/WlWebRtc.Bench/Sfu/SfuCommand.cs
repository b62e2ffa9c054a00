using System.CommandLine;

namespace WlWebRtc.Bench.Sfu;

/// <summary><c>wlwebrtc-bench sfu [--subscribers N]... [--seconds S] [--json]</c>: the server's cost with N viewers behind Janus.</summary>
internal static class SfuCommand
{
    public static Command Create()
    {
        var subscribers = new Option<int[]>("--subscribers")
        {
            Description = "Subscribers through Janus in one round (repeatable, 1 to 100); 1 and 50 when none is given",
            AllowMultipleArgumentsPerToken = false,
        };
        subscribers.Validators.Add(r =>
        {
            foreach (var value in r.GetValueOrDefault<int[]>() ?? [])
            {
                if (value is < 1 or > 100)
                {
                    r.AddError($"--subscribers must be from 1 to 100, got {value}");
                }
            }
        });
        var seconds = new Option<int>("--seconds") { Description = "Measured seconds per round, 5 to 600", DefaultValueFactory = _ => 20 };
        seconds.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<int>();
            if (value is < 5 or > 600)
            {
                r.AddError($"--seconds must be from 5 to 600, got {value}");
            }
        });
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };
        var command = new Command("sfu", "The server publishes into Janus over WHIP while N aiortc subscribers watch through Janus and one aiortc viewer plays directly (WHEP): the server's CPU time per second and uplink for each N, and the latency the SFU adds; needs root (network namespaces) and janus, python3-aiortc");
        command.Options.Add(subscribers);
        command.Options.Add(seconds);
        command.Options.Add(json);
        command.SetAction((parse, ct) =>
        {
            var rounds = parse.GetValue(subscribers) is { Length: > 0 } s ? s : [1, 50];
            return SfuBenchmark.RunAsync(rounds, TimeSpan.FromSeconds(parse.GetValue(seconds)), parse.GetValue(json), Console.Out, ct);
        });
        return command;
    }
}
