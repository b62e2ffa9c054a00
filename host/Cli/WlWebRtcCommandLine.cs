using System.CommandLine;
using WlWebRtc.Host.Configuration;
using WlWebRtc.Host.Server;
using WlWebRtc.Host.Session;

namespace WlWebRtc.Host.Cli;

/// <summary>The <c>wlwebrtc</c> command line. With no command it starts the server.</summary>
internal static class WlWebRtcCommandLine
{
    public static RootCommand Create()
    {
        var listPlugins = new Option<bool>("--list-plugins") { Description = "Same as 'wlwebrtc plugins': list plugins, probe results and hardware, then exit" };
        var root = new RootCommand("wlwebrtc: stream a Wayland desktop to browsers over WebRTC, with remote input.");
        root.Options.Add(CommonOptions.Config);
        root.Options.Add(CommonOptions.LogLevel);
        root.Options.Add(listPlugins);
        root.Options.Add(CommonOptions.Json);
        AddStartOptions(root);
        root.SetAction((parse, ct) => parse.GetValue(listPlugins)
            ? PluginsCommand.RunAsync(parse, parse.GetValue(CommonOptions.Json), ct)
            : StartAsync(parse, ct));

        var start = new Command("start", "Run the server in the foreground until SIGINT/SIGTERM or 'wlwebrtc stop', then stop gracefully (exit code 0)");
        AddStartOptions(start);
        start.SetAction(StartAsync);

        var plugins = PluginsCommand.Create();
        root.Subcommands.Add(start);
        root.Subcommands.Add(plugins);
        root.Subcommands.Add(StatusCommand.CreateStatus());
        root.Subcommands.Add(StatusCommand.CreateStop());
        root.Subcommands.Add(ConfigCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        var probe = ProbeCommand.Create();
        probe.Hidden = true;
        root.Subcommands.Add(probe);
        root.Subcommands.Add(ProbeCommand.CreateEncoderAlias());
        return root;
    }

    private static void AddStartOptions(Command command)
    {
        command.Options.Add(CliOverrides.Capture);
        command.Options.Add(CliOverrides.Encoder);
        command.Options.Add(CliOverrides.Listen);
        command.Options.Add(CliOverrides.Token);
    }

    private static async Task<int> StartAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        ConfigurationResult config;
        try
        {
            config = CommonOptions.Load(parse, CliOverrides.From(parse));
        }
        catch (ConfigurationFileException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return ExitCodes.InvalidConfiguration;
        }

        if (config.ReportErrors(Console.Error))
        {
            return ExitCodes.InvalidConfiguration;
        }

        using var loggerFactory = CommonOptions.CreateLoggerFactory(config.Options!.LogLevel);
        return config.Options.Session.Mode == WlWebRtc.Session.SessionMode.Headless
            ? await HeadlessStart.RunAsync(config.Options, loggerFactory, cancellationToken)
            : await ServerRunner.RunAsync(config, loggerFactory, cancellationToken);
    }
}
