using Microsoft.Extensions.Configuration;
using WlWebRtc.Configuration;

namespace WlWebRtc.Plugins;

/// <summary>
/// What every plugin implements. A plugin type has a public parameterless constructor and is named in
/// the assembly's <see cref="WlWebRtcPluginAttribute"/>; it implements exactly one of the kind
/// interfaces (<see cref="Capture.ICapturePlugin"/>, <see cref="Encoders.IEncoderPlugin"/>, …).
/// </summary>
public interface IPlugin
{
    /// <summary>Name, kind, version, priority and requirements.</summary>
    PluginMetadata Metadata { get; }

    /// <summary>
    /// Checks whether the plugin can run here with this config. Runs under <see cref="PluginMetadata.ProbeTimeout"/>;
    /// <paramref name="cancellationToken"/> fires when the limit passes. An exception is reported by the host as a
    /// failed probe, but a plugin should return <see cref="ProbeResult.Unavailable"/> with a reason instead.
    /// </summary>
    ValueTask<ProbeResult> ProbeAsync(PluginContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Validates the plugin's own config table and returns every error at once (none when valid).
    /// Keys are relative to the plugin's table (the host prefixes them, e.g. <c>encoder.x264.preset</c>).
    /// </summary>
    IReadOnlyList<ConfigurationError> ValidateSettings(IConfiguration settings) => [];
}
