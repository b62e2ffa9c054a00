using Microsoft.Extensions.Configuration;
using WlWebRtc.Configuration;

namespace WlWebRtc.Host.Streaming.Degradation;

/// <summary>
/// The <c>[degradation]</c> table: when the encoder's bitrate is below what is useful for the picture, in bits per
/// pixel (bitrate / (width x height x fps)), lower the frame rate (see <see cref="DegradationPolicy"/>).
/// </summary>
internal sealed record DegradationOptions
{
    public static DegradationOptions Default { get; } = new();

    public bool Enabled { get; init; } = true;

    /// <summary>The frame rate is never lowered below this.</summary>
    public int MinFrameRate { get; init; } = 5;

    /// <summary>Below this many bits per pixel the frame rate steps down.</summary>
    public double LowBitsPerPixel { get; init; } = 0.015;

    /// <summary>The next higher frame rate comes back once it would get at least this many bits per pixel.</summary>
    public double RestoreBitsPerPixel { get; init; } = 0.025;

    /// <summary>A step up waits this long after the last change (hysteresis in time as well as in rate).</summary>
    public TimeSpan RestoreHold { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Reads the table; errors are keyed <c>degradation.KEY</c>.</summary>
    public static DegradationOptions Read(IConfigurationSection section, List<ConfigurationError> errors)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(errors);
        var reader = new SettingsReader(section, "degradation");
        reader.RejectUnknownKeys(["enabled", "min_fps", "low_bits_per_pixel", "restore_bits_per_pixel", "restore_hold_ms"]);
        var options = new DegradationOptions
        {
            Enabled = reader.ReadBoolean("enabled", Default.Enabled),
            MinFrameRate = reader.ReadInt32("min_fps", Default.MinFrameRate, 1, 240),
            LowBitsPerPixel = reader.ReadDouble("low_bits_per_pixel", Default.LowBitsPerPixel, 0.001, 1),
            RestoreBitsPerPixel = reader.ReadDouble("restore_bits_per_pixel", Default.RestoreBitsPerPixel, 0.001, 1),
            RestoreHold = TimeSpan.FromMilliseconds(reader.ReadInt32("restore_hold_ms", (int)Default.RestoreHold.TotalMilliseconds, 0, 60_000)),
        };
        if (reader.IsValid && options.RestoreBitsPerPixel <= options.LowBitsPerPixel)
        {
            reader.AddError("restore_bits_per_pixel", $"must be above degradation.low_bits_per_pixel ({options.LowBitsPerPixel}), or the frame rate would flap");
        }

        errors.AddRange(reader.Errors);
        return reader.IsValid ? options : Default;
    }
}
