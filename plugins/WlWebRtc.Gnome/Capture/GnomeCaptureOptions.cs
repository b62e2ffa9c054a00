using System.Globalization;
using Microsoft.Extensions.Configuration;
using WlWebRtc.Configuration;
using WlWebRtc.Gnome.Mutter;

namespace WlWebRtc.Gnome.Capture;

/// <summary>The <c>[capture.gnome]</c> table.</summary>
/// <param name="Mode">monitor (default): an existing monitor; virtual: a new monitor sized by the stream.</param>
/// <param name="Connector">The monitor to record (e.g. eDP-1); null = the first one Mutter lists.</param>
/// <param name="CursorMode">auto (default: metadata, which mutter always offers), hidden, embedded or metadata.</param>
/// <param name="MaxFps">Upper bound on delivered frames per second; null = the pipeline's rate.</param>
internal sealed record GnomeCaptureOptions(MutterRecording Mode, string? Connector, MutterCursorMode CursorMode, int? MaxFps)
{
    public static GnomeCaptureOptions Default { get; } = new(MutterRecording.Monitor, null, MutterCursorMode.Metadata, null);

    /// <summary>
    /// Parses the table; returns every error at once (keys relative to the table). <paramref name="captureCursor"/> is
    /// <c>[capture] cursor</c> when set: it wins over this table's deprecated <c>cursor_mode</c>.
    /// </summary>
    public static (GnomeCaptureOptions Options, IReadOnlyList<ConfigurationError> Errors) Parse(IConfiguration settings, string? captureCursor = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new List<ConfigurationError>();
        var mode = MutterRecording.Monitor;
        if (settings["mode"] is { } modeText)
        {
            switch (modeText.Trim().ToUpperInvariant())
            {
                case "MONITOR":
                    break;
                case "VIRTUAL":
                    mode = MutterRecording.Virtual;
                    break;
                default:
                    errors.Add(new ConfigurationError("mode", $"'{modeText}' is not a mode; use monitor or virtual."));
                    break;
            }
        }

        var connector = settings["connector"];
        if (connector is { } given && (given.Trim().Length == 0 || mode == MutterRecording.Virtual))
        {
            errors.Add(new ConfigurationError("connector", given.Trim().Length == 0 ? "connector must not be empty; leave it out for the first monitor." : "connector applies to mode = \"monitor\" only."));
        }

        // auto = metadata: the viewer draws the cursor at once, and the PipeWire consumer's cursor bitmap reaches the
        // 512x512 mutter needs before it sends any cursor metadata
        var cursor = MutterCursorMode.Metadata;
        if ((captureCursor ?? settings["cursor_mode"]) is { } cursorText && !cursorText.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase)
            && (!Enum.TryParse(cursorText, ignoreCase: true, out cursor) || !Enum.IsDefined(cursor) || int.TryParse(cursorText, out _)))
        {
            errors.Add(new ConfigurationError("cursor_mode", $"'{cursorText}' is not a cursor mode; use auto, hidden, embedded or metadata."));
            cursor = MutterCursorMode.Metadata;
        }

        int? maxFps = null;
        if (settings["max_fps"] is { } fpsText)
        {
            if (int.TryParse(fpsText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var fps) && fps is >= 1 and <= 240)
            {
                maxFps = fps;
            }
            else
            {
                errors.Add(new ConfigurationError("max_fps", $"'{fpsText}' is not a frame rate; use a whole number from 1 to 240."));
            }
        }

        return (new GnomeCaptureOptions(mode, connector?.Trim(), cursor, maxFps), errors);
    }
}
