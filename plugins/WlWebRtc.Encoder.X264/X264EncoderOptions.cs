using Microsoft.Extensions.Configuration;
using WlWebRtc.Configuration;
using WlWebRtc.FFmpeg;

namespace WlWebRtc.Encoder.X264;

/// <summary>The <c>[encoder.x264]</c> table: low-latency defaults, all configurable.</summary>
public sealed record X264EncoderOptions
{
    public static readonly IReadOnlyList<string> Presets = ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow", "placebo"];
    public static readonly IReadOnlyList<string> Tunes = ["zerolatency", "fastdecode", "film", "animation", "grain", "stillimage", "psnr", "ssim"];

    private static readonly HashSet<string> Keys = new(StringComparer.Ordinal)
    {
        "preset", "tune", "profile", "level", "threads", "sliced-threads", "vbv-buffer-ms", "intra-refresh-frames", "x264-params",
    };

    public string Preset { get; init; } = "ultrafast";

    /// <summary>Comma-separated x264 tunes.</summary>
    public string Tune { get; init; } = "zerolatency";

    public H264Profile Profile { get; init; } = H264Profile.ConstrainedBaseline;

    /// <summary>level_idc (e.g. 31), or 0 to compute it from size, rate and bitrate.</summary>
    public int Level { get; init; }

    /// <summary>Encoder threads; 0 lets x264 choose.</summary>
    public int Threads { get; init; }

    /// <summary>Slice-based threading (no frame of delay) instead of frame threading.</summary>
    public bool SlicedThreads { get; init; } = true;

    /// <summary>
    /// VBV buffer size in milliseconds of the target bitrate; 0 (the default): one frame interval, so no frame, not
    /// even a keyframe, is much larger than bitrate / fps and a paced sender never queues more than a frame.
    /// </summary>
    public int VbvBufferMilliseconds { get; init; }

    /// <summary>
    /// 0: off. Otherwise periodic intra refresh: a column of intra blocks sweeps the picture every this many frames,
    /// so losses heal without large keyframes (keyframes on request, e.g. a joining viewer, stay IDRs).
    /// </summary>
    public int IntraRefreshFrames { get; init; }

    /// <summary>Extra x264 options, "key=value:key=value", applied last.</summary>
    public string ExtraParameters { get; init; } = "";

    public static X264EncoderOptions Default { get; } = new();

    /// <summary>Reads the table; <paramref name="errors"/> holds every problem (keys relative to the table).</summary>
    public static X264EncoderOptions Read(IConfiguration settings, out IReadOnlyList<ConfigurationError> errors)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var reader = new ConfigReader(settings, Keys);
        reader.RejectUnknownKeys();
        var options = new X264EncoderOptions
        {
            Preset = reader.Choice("preset", Default.Preset, Presets),
            Tune = reader.Text("tune", Default.Tune, CheckTune),
            Profile = H264Profiles.Parse(reader.Choice("profile", "constrained-baseline", H264Profiles.Names)),
            Level = ParseLevel(reader.Text("level", "auto", value => TryLevel(value, out _) ? null : $"'{value}' is not auto or an H.264 level (1.0 to 6.2, e.g. 4.2)")),
            Threads = reader.Number("threads", 0, 0, 64),
            SlicedThreads = reader.Boolean("sliced-threads", true),
            VbvBufferMilliseconds = ParseVbv(reader.Text("vbv-buffer-ms", "0", value => TryVbv(value, out _) ? null : $"'{value}' is not 0 (one frame) or 10-10000 ms")),
            IntraRefreshFrames = reader.Number("intra-refresh-frames", 0, 0, 1000),
            ExtraParameters = reader.Text("x264-params", "", CheckExtra),
        };
        errors = reader.Errors;
        return options;
    }

    private static string? CheckTune(string value)
    {
        var parts = value.Split(',', StringSplitOptions.TrimEntries);
        var unknown = parts.Where(part => !Tunes.Contains(part)).ToList();
        return unknown.Count == 0 ? null : $"unknown tune {string.Join(", ", unknown)}; allowed: {string.Join(", ", Tunes)} (comma-separated)";
    }

    private static string? CheckExtra(string value) =>
        value.Split(':', StringSplitOptions.RemoveEmptyEntries).All(part => part.Contains('=', StringComparison.Ordinal) && part.IndexOf('=', StringComparison.Ordinal) > 0)
            ? null
            : $"'{value}' is not of the form key=value:key=value";

    private static int ParseVbv(string value) => TryVbv(value, out var ms) ? ms : 0;

    private static bool TryVbv(string value, out int milliseconds) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out milliseconds)
        && milliseconds is 0 or (>= 10 and <= 10_000);

    private static int ParseLevel(string value) => TryLevel(value, out var level) ? level : 0;

    private static bool TryLevel(string value, out int level)
    {
        level = 0;
        if (value == "auto")
        {
            return true;
        }

        int[] known = [10, 11, 12, 13, 20, 21, 22, 30, 31, 32, 40, 41, 42, 50, 51, 52, 60, 61, 62];
        var parts = value.Split('.');
        if (parts.Length is 1 or 2 && int.TryParse(parts[0], out var major) && (parts.Length == 1 ? 0 : int.TryParse(parts[1], out var m) ? m : -1) is var minor and >= 0 and <= 9)
        {
            var idc = (major * 10) + minor;
            if (known.Contains(idc))
            {
                level = idc;
                return true;
            }
        }

        return false;
    }
}
