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
    /// <summary>mode = "virtual": the virtual monitor's size at start (<c>width</c>, <c>height</c>); null = the stream's default (1920x1080).</summary>
    public (int Width, int Height)? VirtualSize { get; init; }

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

        var virtualSize = ParseVirtualSize(settings, mode, errors);
        return (new GnomeCaptureOptions(mode, connector?.Trim(), cursor, maxFps) { VirtualSize = virtualSize }, errors);
    }

    private static (int Width, int Height)? ParseVirtualSize(IConfiguration settings, MutterRecording mode, List<ConfigurationError> errors)
    {
        var width = ParseSide(settings, "width", errors);
        var height = ParseSide(settings, "height", errors);
        if (settings["width"] is null && settings["height"] is null)
        {
            return null;
        }

        if (mode != MutterRecording.Virtual)
        {
            errors.Add(new ConfigurationError("width", "width and height apply to mode = \"virtual\" only (a monitor has its own size)."));
            return null;
        }

        if ((settings["width"] is null) != (settings["height"] is null))
        {
            errors.Add(new ConfigurationError(settings["width"] is null ? "width" : "height", "give both width and height, or neither."));
            return null;
        }

        return width is { } w && height is { } h ? (w, h) : null;
    }

    private static int? ParseSide(IConfiguration settings, string key, List<ConfigurationError> errors)
    {
        if (settings[key] is not { } text)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pixels) && pixels is >= 64 and <= 8192)
        {
            return pixels;
        }

        errors.Add(new ConfigurationError(key, $"'{text}' is not a size; use a whole number of pixels from 64 to 8192."));
        return null;
    }
}
