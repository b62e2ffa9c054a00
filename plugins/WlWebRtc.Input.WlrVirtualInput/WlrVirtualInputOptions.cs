using Microsoft.Extensions.Configuration;
using WlWebRtc.Configuration;
using WlWebRtc.Wayland;

namespace WlWebRtc.Input.WlrVirtualInput;

/// <summary>The <c>[input.wlr-virtual-input]</c> table.</summary>
/// <param name="Display">The Wayland display (socket name in XDG_RUNTIME_DIR, or an absolute path); empty means WAYLAND_DISPLAY.</param>
/// <param name="KeymapSettle">Pause after sending the keymap before the first key.</param>
internal sealed record WlrVirtualInputOptions(string Display, TimeSpan KeymapSettle)
{
    /// <summary>Reads the table, collecting every error; options are null when there is any.</summary>
    public static (WlrVirtualInputOptions? Options, IReadOnlyList<ConfigurationError> Errors) Read(IConfiguration settings)
    {
        var reader = new SettingsReader(settings);
        reader.RejectUnknownKeys(["display", "keymap_settle_ms"]);
        var display = reader.ReadString("display", string.Empty);
        var settle = reader.ReadInt32("keymap_settle_ms", 150, 0, 5000);
        if (display.Contains('\0', StringComparison.Ordinal))
        {
            reader.AddError("display", "must not contain NUL");
        }

        return (reader.IsValid ? new WlrVirtualInputOptions(display, TimeSpan.FromMilliseconds(settle)) : null, reader.Errors);
    }

    /// <summary>The socket path: the configured display, else the session's, else WAYLAND_DISPLAY.</summary>
    public (string? Path, string? Error) SocketPath(string? sessionDisplay) =>
        WaylandSocketPath.Resolve(
            Display.Length > 0 ? Display : sessionDisplay ?? Environment.GetEnvironmentVariable("WAYLAND_DISPLAY"),
            Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR"));
}
