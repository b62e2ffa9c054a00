using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using WlWebRtc.Configuration;
using WlWebRtc.Hardware;
using WlWebRtc.Host.Configuration;
using WlWebRtc.Host.Hardware;
using WlWebRtc.Host.Plugins;
using WlWebRtc.Plugins;

namespace WlWebRtc.Host.Runtime;

/// <summary>Everything the host knows after start-up: the hardware, every plugin with its probe result, and the selection.</summary>
internal sealed record PluginCatalog(
    HardwareReport Hardware,
    IReadOnlyList<string> SearchedFolders,
    IReadOnlyList<PluginEntry> Entries,
    PluginSelection Selection,
    IConfiguration Configuration,
    ILoggerFactory LoggerFactory)
{
    /// <summary>The context a plugin gets: its own table, its kind's table, the hardware, logging and the listen address.</summary>
    public static PluginContext ContextFor(
        IConfiguration configuration, PluginKind kind, string name, HardwareInventory hardware, ILoggerFactory loggerFactory, System.Net.IPEndPoint? listen = null)
    {
        var kindSection = configuration.GetSection(WlWebRtcOptions.SectionOf(kind));
        return new PluginContext(kindSection.GetSection(name), kindSection, hardware, loggerFactory) { ListenEndPoint = listen };
    }

    /// <summary>Where the HTTP server listens; given to the plugins the server runs (not to probes).</summary>
    public System.Net.IPEndPoint? ListenEndPoint { get; init; }

    public PluginContext ContextFor(PluginEntry entry) =>
        ContextFor(Configuration, entry.Kind!.Value, entry.Name, Hardware.Inventory, LoggerFactory, ListenEndPoint);

    public PluginContext ContextFor<TPlugin>(SelectedPlugin<TPlugin> plugin)
        where TPlugin : class, IPlugin => ContextFor(plugin.Entry);

    /// <summary>Loads every plugin folder, detects the hardware, probes and selects.</summary>
    public static async Task<PluginCatalog> BuildAsync(
        WlWebRtcOptions options, IConfiguration configuration, string? configFile, ILoggerFactory loggerFactory, bool probe, CancellationToken cancellationToken)
    {
        var roots = PluginDirectories.Resolve(options.Plugins.Paths, Environment.GetEnvironmentVariable, AppContext.BaseDirectory);
        var detection = HardwareDetector.Create(loggerFactory).DetectAsync(cancellationToken);
        var loaded = new PluginLoader(loggerFactory.CreateLogger<PluginLoader>()).LoadAll(roots);
        var hardware = await detection.ConfigureAwait(false);

        // A plugin whose own table is invalid is unavailable, with every error named, before it is probed.
        var validated = loaded.Select(e => ValidateSettings(e, configuration)).ToArray();
        IReadOnlyList<PluginEntry> entries = validated;
        if (probe)
        {
            var prober = new PluginProber(
                e => ContextFor(configuration, e.Kind!.Value, e.Name, hardware.Inventory, loggerFactory),
                new ChildProcessProbe(HostCommandLine.Current(), configFile),
                options.Plugins.MaxProbeTime,
                loggerFactory.CreateLogger<PluginProber>());
            entries = await prober.ProbeAllAsync(validated, cancellationToken).ConfigureAwait(false);
        }

        return new PluginCatalog(hardware, roots, entries, PluginSelection.Select(entries, options), configuration, loggerFactory) { ListenEndPoint = options.Server.Listen };
    }

    /// <summary>Every configuration error of the loaded plugins' tables, with full keys (<c>encoder.x264.preset</c>).</summary>
    public static IReadOnlyList<ConfigurationError> PluginSettingsErrors(IEnumerable<PluginEntry> entries, IConfiguration configuration) =>
        entries.Where(e => e.Plugin is not null).SelectMany(e => SettingsErrors(e, configuration)).ToArray();

    private static PluginEntry ValidateSettings(PluginEntry entry, IConfiguration configuration)
    {
        if (entry.Plugin is null)
        {
            return entry;
        }

        var errors = SettingsErrors(entry, configuration);
        return errors.Count == 0 ? entry : entry.WithProbe(PluginStatus.Unavailable, "invalid settings: " + string.Join("; ", errors));
    }

    private static IReadOnlyList<ConfigurationError> SettingsErrors(PluginEntry entry, IConfiguration configuration)
    {
        var prefix = $"{WlWebRtcOptions.SectionOf(entry.Kind!.Value)}.{entry.Name}";
        try
        {
            var section = configuration.GetSection(WlWebRtcOptions.SectionOf(entry.Kind.Value)).GetSection(entry.Name);
            return entry.Plugin!.ValidateSettings(section).Select(e => e with { Key = $"{prefix}.{e.Key}" }).ToArray();
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): A plugin's validator that throws is reported as a config error of that plugin.
        catch (Exception ex)
        {
            return [new ConfigurationError(prefix, $"the plugin's settings validation threw {PluginLoader.Describe(ex)}")];
        }
    }
}
