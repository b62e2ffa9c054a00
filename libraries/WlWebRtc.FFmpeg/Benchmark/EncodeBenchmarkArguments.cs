using System.Globalization;

namespace WlWebRtc.FFmpeg.Benchmark;

/// <summary>--size WxH --fps N --frames N [--bitrate BPS] [--json] [--no-reference]</summary>
internal sealed record EncodeBenchmarkArguments(int Width, int Height, int FrameRate, int Frames, int Bitrate, bool Json, bool Reference)
{
    public static EncodeBenchmarkArguments? Parse(IReadOnlyList<string> arguments, out string? error)
    {
        int width = 1920, height = 1080, fps = 60, frames = 600, bitrate = 0;
        bool json = false, reference = true;
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
                case "--bitrate":
                    if (!TryInt(Next(), 10_000, 800_000_000, out bitrate))
                    {
                        error = "--bitrate needs bits per second, 10000..800000000";
                    }

                    break;
                default:
                    error = $"unknown argument '{argument}'; usage: --size WxH --fps N --frames N [--bitrate BPS] [--json] [--no-reference]";
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

        return new EncodeBenchmarkArguments(width, height, fps, frames, bitrate, json, reference);
    }

    private static bool TryInt(string? text, int minimum, int maximum, out int value) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= minimum && value <= maximum;
}
