using WlWebRtc.Plugins;

namespace WlWebRtc.Host.Plugins;

/// <summary>A selected plugin as its kind's contract (<see cref="PluginSelection.Capture"/>, …), so its users need no cast.</summary>
internal sealed record SelectedPlugin<TPlugin>(PluginEntry Entry, TPlugin Plugin)
    where TPlugin : class, IPlugin
{
    public string Name => Entry.Name;

    /// <summary>
    /// The entry as <typeparamref name="TPlugin"/>. The loader admits a plugin only when it implements its kind's
    /// contract (<see cref="PluginLoader"/>), so a mismatch here is a bug in the host, not in the plugin.
    /// </summary>
    public static SelectedPlugin<TPlugin> From(PluginEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Plugin is TPlugin plugin
            ? new SelectedPlugin<TPlugin>(entry, plugin)
            : throw new InvalidOperationException($"plugin {entry.Name} does not implement {typeof(TPlugin).Name} although it was loaded as a {entry.Kind} plugin");
    }
}
