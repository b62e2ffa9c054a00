using System.CommandLine;
using Microsoft.Extensions.Logging;
using WlWebRtc.Host.Configuration;

namespace WlWebRtc.Host.Cli;

/// <summary>Options shared by several commands, and turning them into the effective configuration.</summary>
internal static class CommonOptions
{
    public static readonly Option<FileInfo?> Config = new("--config", "-c")
    {
        Description = "The config file (default: $XDG_CONFIG_HOME/wlwebrtc/config.toml, else config.toml beside the executable)",
        Recursive = true,
    };

    public static readonly Option<string?> LogLevel = new("--log-level")
    {
        Description = "Log level: trace, debug, information, warning, error, critical, none",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json") { Description = "Print JSON for scripts instead of a table" };

    /// <summary>Loads the configuration (file → environment → <paramref name="overrides"/>) and validates the host's part.</summary>
    public static ConfigurationResult Load(ParseResult parse, IReadOnlyDictionary<string, string?> overrides)
    {
        var file = parse.GetValue(Config)?.FullName ?? ConfigurationLoader.FindDefaultFile(Environment.GetEnvironmentVariable);
        var all = new Dictionary<string, string?>(overrides, StringComparer.OrdinalIgnoreCase);
        if (parse.GetValue(LogLevel) is { } level)
        {
            all["log:level"] = level;
        }

        var configuration = ConfigurationLoader.Load(file, all);
        var (options, errors) = WlWebRtcOptions.Read(configuration);
        return new ConfigurationResult(file, configuration, options, errors);
    }

    public static ILoggerFactory CreateLoggerFactory(string level) => LoggerFactory.Create(builder =>
    {
        builder.SetMinimumLevel(ParseLevel(level));
        builder.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });

        // Logs go to stderr so that stdout stays clean for tables and JSON.
        builder.AddConsole(o => o.LogToStandardErrorThreshold = Microsoft.Extensions.Logging.LogLevel.Trace);
    });

    public static Microsoft.Extensions.Logging.LogLevel ParseLevel(string level) =>
        Enum.TryParse<Microsoft.Extensions.Logging.LogLevel>(level, ignoreCase: true, out var parsed) ? parsed : Microsoft.Extensions.Logging.LogLevel.Information;
}
