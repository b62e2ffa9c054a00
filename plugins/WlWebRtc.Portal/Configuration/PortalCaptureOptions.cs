using System.Globalization;
using Microsoft.Extensions.Configuration;
using WlWebRtc.Configuration;

namespace WlWebRtc.Portal.Configuration;

[Flags]
internal enum SourceTypes
{
    None = 0,
    Monitor = 1,
    Window = 2,
    Virtual = 4,
}

internal enum CursorMode
{
    /// <summary>Metadata when the portal offers it, else embedded.</summary>
    Auto,
    Hidden,
    Embedded,
    Metadata,
}

/// <summary>Whether the capture may start its portal session through the RemoteDesktop portal (so input shares it).</summary>
internal enum RemoteDesktopMode
{
    /// <summary>Through RemoteDesktop when an input plugin is selected and the portal offers keyboard or pointer, else ScreenCast.</summary>
    Auto,

    /// <summary>Always a plain ScreenCast session (an input plugin then starts its own session).</summary>
    Never,
}

/// <summary>The <c>[capture.portal]</c> table.</summary>
/// <param name="SourceTypes">What the user may pick: monitor (default), window, virtual.</param>
/// <param name="CursorMode">How the cursor travels.</param>
/// <param name="MaxFps">Upper bound on delivered frames per second; null = the pipeline's rate.</param>
/// <param name="PersistRestoreToken">Keep the portal's restore token under $XDG_STATE_HOME/wlwebrtc/ so a restart does not ask again.</param>
internal sealed record PortalCaptureOptions(SourceTypes SourceTypes, CursorMode CursorMode, int? MaxFps, bool PersistRestoreToken)
{
    /// <summary><c>remote_desktop</c>: auto (default) or never.</summary>
    public RemoteDesktopMode RemoteDesktop { get; init; } = RemoteDesktopMode.Auto;

    public static PortalCaptureOptions Default { get; } = new(SourceTypes.Monitor, CursorMode.Auto, null, true);

    /// <summary>Parses the table; returns every error at once (keys relative to the table).</summary>
    public static (PortalCaptureOptions Options, IReadOnlyList<ConfigurationError> Errors) Parse(IConfiguration settings, string? captureCursor = null)
    {
        var errors = new List<ConfigurationError>();
        var sourceTypes = SourceTypes.None;
        var typeSection = settings.GetSection("source_types");
        var names = typeSection.GetChildren().Select(c => c.Value).ToList();
        if (names.Count == 0 && typeSection.Value is { } single)
        {
            names.Add(single);
        }

        foreach (var name in names)
        {
            var type = name?.Trim().ToUpperInvariant() switch
            {
                "MONITOR" => SourceTypes.Monitor,
                "WINDOW" => SourceTypes.Window,
                "VIRTUAL" => SourceTypes.Virtual,
                _ => SourceTypes.None,
            };
            if (type == SourceTypes.None)
            {
                errors.Add(new ConfigurationError("source_types", $"'{name}' is not a source type; use monitor, window or virtual."));
            }

            sourceTypes |= type;
        }

        if (names.Count == 0)
        {
            sourceTypes = SourceTypes.Monitor;
        }

        var cursor = CursorMode.Auto;
        if ((captureCursor ?? settings["cursor_mode"]) is { } cursorText && !Enum.TryParse(cursorText, ignoreCase: true, out cursor))
        {
            errors.Add(new ConfigurationError("cursor_mode", $"'{cursorText}' is not a cursor mode; use auto, hidden, embedded or metadata."));
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

        var persist = true;
        if (settings["persist_restore_token"] is { } persistText && !bool.TryParse(persistText, out persist))
        {
            errors.Add(new ConfigurationError("persist_restore_token", $"'{persistText}' is not true or false."));
        }

        var remoteDesktop = RemoteDesktopMode.Auto;
        if (settings["remote_desktop"] is { } remoteText)
        {
            switch (remoteText.Trim().ToUpperInvariant())
            {
                case "AUTO":
                    break;
                case "NEVER":
                    remoteDesktop = RemoteDesktopMode.Never;
                    break;
                default:
                    errors.Add(new ConfigurationError("remote_desktop", $"'{remoteText}' is not a RemoteDesktop mode; use auto or never."));
                    break;
            }
        }

        return (new PortalCaptureOptions(sourceTypes, cursor, maxFps, persist) { RemoteDesktop = remoteDesktop }, errors);
    }
}
