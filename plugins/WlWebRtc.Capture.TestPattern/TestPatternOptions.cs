using System.Globalization;
using Microsoft.Extensions.Configuration;
using WlWebRtc.Configuration;

namespace WlWebRtc.Capture.TestPattern;

/// <summary>The <c>[capture.testpattern]</c> table.</summary>
internal sealed record TestPatternOptions(int Width, int Height, int FrameRate)
{
    public const int DefaultWidth = 1280;
    public const int DefaultHeight = 720;
    public const int DefaultFrameRate = 30;
    public const int MaxWidth = 7680;
    public const int MaxHeight = 4320;
    public const int MaxFrameRate = 240;

    /// <summary>Reads the table, collecting every error; options are null when there is any.</summary>
    public static (TestPatternOptions? Options, IReadOnlyList<ConfigurationError> Errors) Read(IConfiguration settings)
    {
        var errors = new List<ConfigurationError>();
        var width = ReadInt(settings, "width", DefaultWidth, LatencyProbePattern.MinWidth, MaxWidth, errors);
        var height = ReadInt(settings, "height", DefaultHeight, LatencyProbePattern.MinHeight, MaxHeight, errors);
        var fps = ReadInt(settings, "fps", DefaultFrameRate, 1, MaxFrameRate, errors);
        if (width % 2 != 0)
        {
            errors.Add(new("width", $"must be even (4:2:0 video), got {width}"));
        }

        if (height % 2 != 0)
        {
            errors.Add(new("height", $"must be even (4:2:0 video), got {height}"));
        }

        return errors.Count == 0 ? (new TestPatternOptions(width, height, fps), errors) : (null, errors);
    }

    private static int ReadInt(IConfiguration settings, string key, int fallback, int min, int max, List<ConfigurationError> errors)
    {
        var text = settings[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            errors.Add(new(key, $"must be a whole number, got '{text}'"));
            return fallback;
        }

        if (value < min || value > max)
        {
            errors.Add(new(key, $"must be between {min} and {max}, got {value}"));
        }

        return value;
    }
}
