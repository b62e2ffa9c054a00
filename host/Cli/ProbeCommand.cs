using System.CommandLine;
using System.Text.Json;
using WlWebRtc.Host.Configuration;
using WlWebRtc.Host.Plugins;
using WlWebRtc.Host.Runtime;
using WlWebRtc.Plugins;

namespace WlWebRtc.Host.Cli;

/// <summary>
/// <c>wlwebrtc probe --kind KIND NAME</c>: probes one plugin in this process and prints one JSON line
/// (<c>{"available":…,"reason":…}</c>). The host runs it as a child process for probes that call native
/// code that could crash or hang (hardware encoders), the way RustDesk isolates its encoder checks.
/// </summary>
internal static class ProbeCommand
{
    /// <summary><c>wlwebrtc probe-encoder NAME</c>: the same as <c>probe --kind encoder NAME</c>.</summary>
    public static Command CreateEncoderAlias()
    {
        var name = new Argument<string>("name") { Description = "The encoder plugin's name (x264, vaapi, nvenc, …)" };
        var command = new Command("probe-encoder", "Probe one encoder plugin (a real test encode) in this process and print the result as JSON");
        command.Arguments.Add(name);
        command.SetAction((parse, ct) => RunAsync(parse, PluginKind.Encoder, parse.GetValue(name)!, ct));
        return command;
    }

    public static Command Create()
    {
        var kind = new Option<PluginKind>("--kind") { Description = "The plugin's kind", Required = true };
        var name = new Argument<string>("name") { Description = "The plugin's name" };
        var command = new Command("probe", "Probe one plugin in this process and print the result as JSON (used by the host for isolated probes)");
        command.Options.Add(kind);
        command.Arguments.Add(name);
        command.SetAction((parse, ct) => RunAsync(parse, parse.GetValue(kind), parse.GetValue(name)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, PluginKind kind, string name, CancellationToken cancellationToken)
    {
        var config = CommonOptions.Load(parse, new Dictionary<string, string?>());
        if (config.ReportErrors(Console.Error))
        {
            return ExitCodes.InvalidConfiguration;
        }

        using var loggerFactory = CommonOptions.CreateLoggerFactory(parse.GetValue(CommonOptions.LogLevel) ?? "warning");
        var catalog = await PluginCatalog.BuildAsync(config.Options!, config.Configuration, config.File, loggerFactory, probe: false, cancellationToken);
        var entry = catalog.Entries.FirstOrDefault(e => e.Kind == kind && e.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        ProbeReport report;
        if (entry?.Plugin is null)
        {
            report = new ProbeReport(false, entry?.Reason ?? $"no {WlWebRtcOptions.SectionOf(kind)} plugin named '{name}'");
        }
        else
        {
            var timeout = entry.Plugin.Metadata.ProbeTimeout > TimeSpan.Zero ? entry.Plugin.Metadata.ProbeTimeout : config.Options!.Plugins.MaxProbeTime;
            var (status, reason) = entry.Status == PluginStatus.Loaded
                ? await PluginProber.ProbeInProcessAsync(entry.Plugin, catalog.ContextFor(entry), timeout, cancellationToken)
                : (entry.Status, entry.Reason);
            report = new ProbeReport(status == PluginStatus.Available, status == PluginStatus.Failed ? $"probe failed: {reason}" : reason);
        }

        Console.Out.WriteLine(JsonSerializer.Serialize(report, ProbeReportJsonContext.Default.ProbeReport));
        return ExitCodes.Ok;
    }
}
