using System.Globalization;
using Microsoft.Extensions.Configuration;
using WlWebRtc.Configuration;

namespace WlWebRtc.Kde.Capture;

/// <summary>How the output is captured.</summary>
internal enum KdeCaptureMethod
{
    /// <summary>The screencast, falling back to screenshots when it delivers no first frame.</summary>
    Auto,

    /// <summary>zkde_screencast_unstable_v1's output cast (PipeWire), nothing else.</summary>
    ScreenCast,

    /// <summary>org.kde.KWin.ScreenShot2 polling, nothing else.</summary>
    ScreenShot,
}

/// <summary>The <c>[capture.kde]</c> table.</summary>
/// <param name="Method">auto (default), screencast or screenshot.</param>
/// <param name="Output">The KWin output to capture (e.g. DP-1; KWin's virtual backend: Virtual-0); null = the first one KWin lists.</param>
/// <param name="MaxFps">Upper bound on frames per second (each is a whole screenshot); null = the pipeline's rate.</param>
internal sealed record KdeCaptureOptions(KdeCaptureMethod Method, string? Output, int? MaxFps)
{
    /// <summary>A window to show at start instead of the output, by KWin's uuid, its application id or its title; null = the output.</summary>
    /// <summary>The longest <c>window</c> value (a title, an application id or a uuid).</summary>
    public const int MaxWindowLength = 200;

    /// <summary>A window to show at start instead of the output, by KWin's uuid, its application id or its title; null = the output.</summary>
    public string? Window { get; init; }

    /// <summary>Parses the table; returns every error at once (keys relative to the table).</summary>
    public static (KdeCaptureOptions Options, IReadOnlyList<ConfigurationError> Errors) Parse(IConfiguration settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new List<ConfigurationError>();
        var method = KdeCaptureMethod.Auto;
        if (settings["method"] is { } methodText)
        {
            switch (methodText.Trim().ToUpperInvariant())
            {
                case "AUTO":
                    break;
                case "SCREENCAST":
                    method = KdeCaptureMethod.ScreenCast;
                    break;
                case "SCREENSHOT":
                    method = KdeCaptureMethod.ScreenShot;
                    break;
                default:
                    errors.Add(new ConfigurationError("method", $"'{methodText}' is not a method; use auto, screencast or screenshot."));
                    break;
            }
        }

        var output = settings["output"];
        if (output is { } given && given.Trim().Length == 0)
        {
            errors.Add(new ConfigurationError("output", "output must not be empty; leave it out for the first output."));
        }

        var window = settings["window"]?.Trim();
        if (window is { Length: 0 or > MaxWindowLength })
        {
            errors.Add(new ConfigurationError("window", string.Create(CultureInfo.InvariantCulture, $"window must be a window's title, application id or uuid of 1 to {MaxWindowLength} characters; leave it out for the output.")));
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

        return (new KdeCaptureOptions(method, output?.Trim(), maxFps) { Window = window }, errors);
    }
}
