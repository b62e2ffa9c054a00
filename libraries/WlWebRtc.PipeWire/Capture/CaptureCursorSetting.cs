using Microsoft.Extensions.Logging;
using WlWebRtc.Plugins;

namespace WlWebRtc.PipeWire.Capture;

/// <summary>
/// The cursor setting every capture plugin shares, <c>[capture] cursor</c> (auto, embedded, metadata or hidden;
/// validated by the host), and the plugins' older <c>cursor_mode</c>, a deprecated alias used only when
/// <c>[capture] cursor</c> is not set. Here because the captures that offer cursor modes (portal, GNOME) are the
/// PipeWire consumers.
/// </summary>
internal static partial class CaptureCursorSetting
{
    /// <summary><c>[capture] cursor</c> when set, else null (the plugin's table decides).</summary>
    public static string? Of(PluginContext context) => context.KindSettings["cursor"];

    /// <summary>Warns once per capture that <c>cursor_mode</c> is deprecated, and whether it is used or overridden.</summary>
    public static void WarnIfDeprecated(PluginContext context, string plugin, ILogger logger)
    {
        if (context.Settings["cursor_mode"] is { } value)
        {
            Log.Deprecated(logger, plugin, value, Of(context) is null ? "used" : "ignored: [capture] cursor is set");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.CursorModeDeprecated, LogLevel.Warning, "capture.{Plugin}.cursor_mode = \"{Value}\" is deprecated; use [capture] cursor ({Outcome})")]
        public static partial void Deprecated(ILogger logger, string plugin, string value, string outcome);
    }
}
