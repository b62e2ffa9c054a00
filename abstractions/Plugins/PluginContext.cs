using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using WlWebRtc.Hardware;

namespace WlWebRtc.Plugins;

/// <summary>What the host gives a plugin when it probes it or creates one of its components.</summary>
public sealed class PluginContext
{
    /// <summary>Creates a context.</summary>
    public PluginContext(IConfiguration settings, IConfiguration kindSettings, HardwareInventory hardware, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(kindSettings);
        ArgumentNullException.ThrowIfNull(hardware);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        Settings = settings;
        KindSettings = kindSettings;
        Hardware = hardware;
        LoggerFactory = loggerFactory;
    }

    /// <summary>The plugin's own table, e.g. <c>[encoder.x264]</c>.</summary>
    public IConfiguration Settings { get; }

    /// <summary>The table of the plugin's kind, e.g. <c>[encoder]</c> (bitrate and other settings shared by every encoder).</summary>
    public IConfiguration KindSettings { get; }

    /// <summary>What the host detected on this machine.</summary>
    public HardwareInventory Hardware { get; }

    /// <summary>Where the plugin logs.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The clock; tests substitute a fake one.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Where the host's HTTP server listens (viewers reach signaling there), or null when the plugin is only probed.
    /// A transport may use it to decide, e.g., whether loopback candidates can ever be reached.
    /// </summary>
    public System.Net.IPEndPoint? ListenEndPoint { get; init; }

    /// <summary>The host's services, for plugins that need more than the above (may be empty).</summary>
    public IServiceProvider? Services { get; init; }
}
