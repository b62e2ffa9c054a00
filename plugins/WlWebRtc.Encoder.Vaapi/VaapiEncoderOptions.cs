using Microsoft.Extensions.Configuration;
using WlWebRtc.Configuration;
using WlWebRtc.FFmpeg;

namespace WlWebRtc.Encoder.Vaapi;

/// <summary>The <c>[encoder.vaapi]</c> table.</summary>
public sealed record VaapiEncoderOptions
{
    private static readonly HashSet<string> Keys = new(StringComparer.Ordinal) { "device", "profile", "low-power", "async-depth", "vbv-buffer-ms" };

    /// <summary>A DRM render node path, or "auto" for the first node whose VA-API driver encodes H.264.</summary>
    public string Device { get; init; } = "auto";

    public H264Profile Profile { get; init; } = H264Profile.ConstrainedBaseline;

    /// <summary>Use the low-power entrypoint (EncSliceLP, Intel VDEnc).</summary>
    public bool LowPower { get; init; }

    /// <summary>Frames in flight inside the driver; 1 for lowest latency.</summary>
    public int AsyncDepth { get; init; } = 1;

    /// <summary>VBV buffer in ms of the bitrate; 0 (the default): one frame interval, as x264.</summary>
    public int VbvBufferMilliseconds { get; init; }

    public static VaapiEncoderOptions Read(IConfiguration settings, out IReadOnlyList<ConfigurationError> errors)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var reader = new ConfigReader(settings, Keys);
        reader.RejectUnknownKeys();
        var options = new VaapiEncoderOptions
        {
            Device = reader.Text("device", "auto", value => value == "auto" || value.StartsWith("/dev/dri/", StringComparison.Ordinal) ? null : $"'{value}' is not auto or a /dev/dri/renderD* path"),
            Profile = H264Profiles.Parse(reader.Choice("profile", "constrained-baseline", H264Profiles.Names)),
            LowPower = reader.Boolean("low-power", false),
            AsyncDepth = reader.Number("async-depth", 1, 1, 8),
            VbvBufferMilliseconds = reader.VbvMilliseconds("vbv-buffer-ms"),
        };
        errors = reader.Errors;
        return options;
    }
}
