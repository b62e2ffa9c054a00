using WlWebRtc.Plugins;

namespace WlWebRtc.Host.Plugins;

/// <summary>One plugin found in a plugin folder: loaded (with its instance) or refused (with the reason).</summary>
internal sealed record PluginEntry
{
    public required string Folder { get; init; }

    public required PluginStatus Status { get; init; }

    public required string Reason { get; init; }

    /// <summary>The plugin instance; null when loading failed.</summary>
    public IPlugin? Plugin { get; init; }

    /// <summary>The plugin's metadata, or what is known of it when loading failed.</summary>
    public PluginMetadata? Metadata => Plugin?.Metadata;

    public string Name => Metadata?.Name ?? Path.GetFileName(Folder);

    public PluginKind? Kind => Metadata?.Kind;

    public static PluginEntry Failed(string folder, string reason) => new() { Folder = folder, Status = PluginStatus.Failed, Reason = reason };

    public PluginEntry WithProbe(PluginStatus status, string reason) => this with { Status = status, Reason = reason };
}
