namespace WlWebRtc.Plugins;

/// <summary>Describes a plugin to the host: what it is, how it ranks and what it needs.</summary>
/// <param name="Name">The plugin's name as used in the config (<c>[encoder] plugin = "x264"</c>); lower-case, unique per kind.</param>
/// <param name="Kind">The kind of plugin.</param>
/// <param name="Version">The plugin's own version.</param>
/// <param name="Priority">Rank for <c>auto</c> selection: the highest available plugin of a kind wins.</param>
/// <param name="Description">One line for humans.</param>
public sealed record PluginMetadata(string Name, PluginKind Kind, Version Version, int Priority, string Description)
{
    /// <summary>What the plugin needs from the machine.</summary>
    public HardwareRequirements Requires { get; init; }

    /// <summary>Where the host runs the probe.</summary>
    public ProbeIsolation ProbeIsolation { get; init; }

    /// <summary>How long the probe may take before the host marks it failed.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
