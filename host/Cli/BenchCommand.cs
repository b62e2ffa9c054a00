using System.CommandLine;
using WlWebRtc.Host.Runtime;
using WlWebRtc.Plugins;

namespace WlWebRtc.Host.Cli;

/// <summary>
/// <c>wlwebrtc bench NAME [--encoder X] [--transport Y] [ARGS…]</c>: runs a benchmark that a plugin contributes
/// (<see cref="IBenchmarkablePlugin"/>): <c>encode</c> from the selected encoder, <c>transport</c> from the selected transport.
/// Arguments the host does not know are handed to the plugin. Benchmarks that drive the server from outside (a browser,
/// the soak's peers) are not the shipped executable's: they are <c>wlwebrtc-bench</c> (bench/WlWebRtc.Bench).
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The benchmark: encode, transport, or one a plugin lists" };
        var command = new Command("bench", "Run a benchmark: 'bench encode --encoder x264 --size 1920x1080 --fps 60 --frames 600 [--json]', 'bench transport [--json]' (end-to-end benchmarks: wlwebrtc-bench)")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.Arguments.Add(name);
        command.Options.Add(CliOverrides.Encoder);
        command.Options.Add(CliOverrides.Capture);
        command.SetAction((parse, ct) => RunAsync(parse, parse.GetValue(name)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, string name, CancellationToken cancellationToken)
    {
        var config = CommonOptions.Load(parse, CliOverrides.From(parse));
        if (config.ReportErrors(Console.Error))
        {
            return ExitCodes.InvalidConfiguration;
        }

        using var loggerFactory = CommonOptions.CreateLoggerFactory(parse.GetValue(CommonOptions.LogLevel) ?? "warning");
        var catalog = await PluginCatalog.BuildAsync(config.Options!, config.Configuration, config.File, loggerFactory, probe: true, cancellationToken);

        // Prefer the selected plugin of the kind that offers this benchmark; else any available plugin offering it.
        var candidates = catalog.Entries
            .Where(e => e.Plugin is IBenchmarkablePlugin b && b.BenchmarkNames.Contains(name, StringComparer.OrdinalIgnoreCase))
            .OrderByDescending(catalog.Selection.IsSelected)
            .ToArray();
        var entry = candidates.FirstOrDefault(catalog.Selection.IsSelected) ?? candidates.FirstOrDefault(e => e.Status == Plugins.PluginStatus.Available);
        if (entry is null)
        {
            var offered = catalog.Entries.Where(e => e.Plugin is IBenchmarkablePlugin).SelectMany(e => ((IBenchmarkablePlugin)e.Plugin!).BenchmarkNames.Select(n => $"{n} ({e.Name})"));
            var why = candidates.Length > 0 ? "offered only by unavailable plugins: " + string.Join("; ", candidates.Select(c => $"{c.Name}: {c.Reason}")) : "no plugin offers it";
            await Console.Error.WriteLineAsync($"benchmark '{name}': {why}. Benchmarks: {string.Join(", ", offered.DefaultIfEmpty("none"))}");
            return ExitCodes.InvalidConfiguration;
        }

        var benchmark = (IBenchmarkablePlugin)entry.Plugin!;
        var arguments = parse.UnmatchedTokens.ToArray();
        return await benchmark.RunBenchmarkAsync(name, arguments, Console.Out, catalog.ContextFor(entry), cancellationToken);
    }
}
