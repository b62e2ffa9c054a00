using Microsoft.Extensions.Configuration;
using WlWebRtc.Configuration;
using WlWebRtc.FFmpeg;

namespace WlWebRtc.Encoder.Nvenc;

/// <summary>The <c>[encoder.nvenc]</c> table.</summary>
public sealed record NvencEncoderOptions
{
    public static readonly IReadOnlyList<string> Presets = ["p1", "p2", "p3", "p4", "p5", "p6", "p7"];
    public static readonly IReadOnlyList<string> Tunes = ["ull", "ll", "hq"];

    private static readonly HashSet<string> Keys = new(StringComparer.Ordinal) { "gpu", "preset", "tune", "profile", "vbv-buffer-ms" };

    /// <summary>CUDA device index.</summary>
    public int Gpu { get; init; }

    public string Preset { get; init; } = "p1";

    public string Tune { get; init; } = "ull";

    public H264Profile Profile { get; init; } = H264Profile.ConstrainedBaseline;

    /// <summary>VBV buffer in ms of the bitrate; 0 (the default): one frame interval, as x264.</summary>
    public int VbvBufferMilliseconds { get; init; }

    public static NvencEncoderOptions Read(IConfiguration settings, out IReadOnlyList<ConfigurationError> errors)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var reader = new ConfigReader(settings, Keys);
        reader.RejectUnknownKeys();
        var options = new NvencEncoderOptions
        {
            Gpu = reader.Number("gpu", 0, 0, 63),
            Preset = reader.Choice("preset", "p1", Presets),
            Tune = reader.Choice("tune", "ull", Tunes),
            Profile = H264Profiles.Parse(reader.Choice("profile", "constrained-baseline", H264Profiles.Names)),
            VbvBufferMilliseconds = reader.VbvMilliseconds("vbv-buffer-ms"),
        };
        errors = reader.Errors;
        return options;
    }
}
