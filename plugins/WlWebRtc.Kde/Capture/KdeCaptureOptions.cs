using System.Globalization;
using Microsoft.Extensions.Configuration;
using WlWebRtc.Configuration;

namespace WlWebRtc.Kde.Capture;

/// <summary>The <c>[capture.kde]</c> table.</summary>
/// <param name="Output">The KWin output to capture (e.g. DP-1; KWin's virtual backend: Virtual-0); null = the first one KWin lists.</param>
/// <param name="MaxFps">Upper bound on frames per second (each is a whole screenshot); null = the pipeline's rate.</param>
internal sealed record KdeCaptureOptions(string? Output, int? MaxFps)
{
    /// <summary>Parses the table; returns every error at once (keys relative to the table).</summary>
    public static (KdeCaptureOptions Options, IReadOnlyList<ConfigurationError> Errors) Parse(IConfiguration settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new List<ConfigurationError>();
        var output = settings["output"];
        if (output is { } given && given.Trim().Length == 0)
        {
            errors.Add(new ConfigurationError("output", "output must not be empty; leave it out for the first output."));
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

        return (new KdeCaptureOptions(output?.Trim(), maxFps), errors);
    }
}
