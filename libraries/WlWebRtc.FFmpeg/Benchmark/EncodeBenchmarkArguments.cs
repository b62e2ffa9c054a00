using System.Globalization;
using WlWebRtc.LatencyProbe.Content;

namespace WlWebRtc.FFmpeg.Benchmark;

/// <summary>
/// --size WxH --fps N --frames N [--bitrate BPS] [--content desktop|pattern|static|scrolling|motion|all|A,B] [--json] [--no-reference].
/// No --content: the synthetic desktop (eight frames cycled), as before the test pattern had content profiles.
/// </summary>
internal sealed record EncodeBenchmarkArguments(int Width, int Height, int FrameRate, int Frames, int Bitrate, bool Json, bool Reference)
{
    /// <summary>The test pattern profiles to run one after the other; empty: the synthetic desktop.</summary>
    public IReadOnlyList<TestContent> Contents { get; init; } = [];

    public static EncodeBenchmarkArguments? Parse(IReadOnlyList<string> arguments, out string? error)
    {
        int width = 1920, height = 1080, fps = 60, frames = 600, bitrate = 0;
        bool json = false, reference = true;
        List<TestContent> contents = [];
        error = null;
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            string? Next() => i + 1 < arguments.Count ? arguments[++i] : null;
            switch (argument)
            {
                case "--json":
                    json = true;
                    break;
                case "--no-reference":
                    reference = false;
                    break;
                case "--size":
                    var size = Next()?.Split('x');
                    if (size is not [var w, var h] || !TryInt(w, 16, 8192, out width) || !TryInt(h, 16, 8192, out height))
                    {
                        error = "--size needs WIDTHxHEIGHT, each 16..8192";
                    }

                    break;
                case "--fps":
                    if (!TryInt(Next(), 1, 240, out fps))
                    {
                        error = "--fps needs an integer 1..240";
                    }

                    break;
                case "--frames":
                    if (!TryInt(Next(), 1, 1_000_000, out frames))
                    {
                        error = "--frames needs an integer 1..1000000";
                    }

                    break;
                case "--content":
                    if (!TryContents(Next(), contents))
                    {
                        error = $"--content needs desktop, all, or a comma-separated list of {string.Join(", ", TestContentNames.All)}";
                    }

                    break;
                case "--bitrate":
                    if (!TryInt(Next(), 10_000, 800_000_000, out bitrate))
                    {
                        error = "--bitrate needs bits per second, 10000..800000000";
                    }

                    break;
                default:
                    error = $"unknown argument '{argument}'; usage: --size WxH --fps N --frames N [--bitrate BPS] [--content NAME|all] [--json] [--no-reference]";
                    break;
            }

            if (error is not null)
            {
                return null;
            }
        }

        // Default bitrate: 8 Mb/s at 1080p60, scaled by pixel rate (0.064 bits per pixel).
        if (bitrate == 0)
        {
            bitrate = (int)Math.Clamp((long)width * height * fps * 64 / 1000, 100_000, 100_000_000);
        }

        return new EncodeBenchmarkArguments(width, height, fps, frames, bitrate, json, reference) { Contents = contents };
    }

    private static bool TryContents(string? text, List<TestContent> contents)
    {
        contents.Clear();
        if (text is "desktop")
        {
            return true;
        }

        if (text is "all")
        {
            contents.AddRange(Enum.GetValues<TestContent>());
            return true;
        }

        foreach (var name in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TestContentNames.TryParse(name, out var content))
            {
                return false;
            }

            contents.Add(content);
        }

        return contents.Count > 0;
    }

    private static bool TryInt(string? text, int minimum, int maximum, out int value) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= minimum && value <= maximum;
}
