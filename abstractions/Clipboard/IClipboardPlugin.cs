using WlWebRtc.Input;
using WlWebRtc.Plugins;

namespace WlWebRtc.Clipboard;

/// <summary>
/// An optional capability of an input plugin: it can also reach the session's clipboard (the regular selection).
/// The host opens the clipboard beside the injector, aimed at the same session.
/// </summary>
public interface IClipboardPlugin
{
    /// <summary>Opens the session's clipboard; throws when the session offers none (the reason in the message).</summary>
    ValueTask<ISessionClipboard> OpenClipboardAsync(InputTarget target, PluginContext context, CancellationToken cancellationToken);
}
