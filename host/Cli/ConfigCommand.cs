using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Host.Configuration;
using WlWebRtc.Host.Plugins;
using WlWebRtc.Host.Runtime;

namespace WlWebRtc.Host.Cli;

/// <summary><c>wlwebrtc config check [FILE]</c> and <c>wlwebrtc config show</c>.</summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo?>("file") { Description = "The config file to check (default: the one wlwebrtc would use)", Arity = ArgumentArity.ZeroOrOne };
        var check = new Command("check", "Validate the config (and every installed plugin's table) and print all errors with their keys; exit code 2 when invalid");
        check.Arguments.Add(file);
        check.SetAction(parse => Check(parse, parse.GetValue(file)));

        var show = new Command("show", "Print the effective configuration: the file, then WLWEBRTC_* environment variables, then flags");
        show.Options.Add(CliOverrides.Capture);
        show.Options.Add(CliOverrides.Encoder);
        show.Options.Add(CliOverrides.Listen);
        show.Options.Add(CliOverrides.Token);
        show.SetAction(Show);

        var command = new Command("config", "Check or show the configuration");
        command.Subcommands.Add(check);
        command.Subcommands.Add(show);
        return command;
    }

    private static int Check(ParseResult parse, FileInfo? file)
    {
        ConfigurationResult config;
        try
        {
            config = file is null
                ? CommonOptions.Load(parse, new Dictionary<string, string?>())
                : Reload(file.FullName);
        }
        catch (ConfigurationFileException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return ExitCodes.InvalidConfiguration;
        }

        // Plugin tables are checked by the plugins themselves: load them (without probing) and ask.
        // Even when the host's own tables are invalid, so that every error is reported at once.
        var paths = new WlWebRtc.Configuration.SettingsReader(config.Configuration.GetSection("plugins")).ReadList("paths", []);
        var roots = PluginDirectories.Resolve(paths, Environment.GetEnvironmentVariable, AppContext.BaseDirectory);
        var entries = new PluginLoader(NullLogger<PluginLoader>.Instance).LoadAll(roots);
        var pluginErrors = PluginCatalog.PluginSettingsErrors(entries, config.Configuration);

        if (config.ReportErrors(Console.Error, pluginErrors))
        {
            return ExitCodes.InvalidConfiguration;
        }

        Console.Out.WriteLine($"{config.File ?? "(no config file)"}: valid");
        return ExitCodes.Ok;

        ConfigurationResult Reload(string path)
        {
            var configuration = ConfigurationLoader.Load(path, new Dictionary<string, string?>());
            var (o, errors) = WlWebRtcOptions.Read(configuration);
            return new ConfigurationResult(path, configuration, o, errors);
        }
    }

    private static int Show(ParseResult parse)
    {
        ConfigurationResult config;
        try
        {
            config = CommonOptions.Load(parse, CliOverrides.From(parse));
        }
        catch (ConfigurationFileException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return ExitCodes.InvalidConfiguration;
        }

        Console.Out.WriteLine($"# effective configuration (file: {config.File ?? "none"}; then WLWEBRTC_* environment; then flags)");
        foreach (var (key, value) in config.Configuration.AsEnumerable().Where(kv => kv.Value is not null).OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase))
        {
            var shown = key.EndsWith("token", StringComparison.OrdinalIgnoreCase) && value!.Length > 0 ? "(set, hidden)" : value;
            Console.Out.WriteLine($"{key.Replace(':', '.').ToLowerInvariant()} = {shown}");
        }

        config.ReportErrors(Console.Error);
        return config.Errors.Count == 0 ? ExitCodes.Ok : ExitCodes.InvalidConfiguration;
    }
}
