using Microsoft.Extensions.Configuration;
using WlWebRtc.Configuration;

namespace WlWebRtc.Host.Streaming.Degradation;

/// <summary>
/// The <c>[degradation]</c> table: when the encoder's bitrate is below what is useful for the picture, in bits per
/// pixel (bitrate / (width x height x fps)), lower the frame rate, then the resolution (see <see cref="DegradationPolicy"/>).
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

    /// <summary>At the lowest frame rate, whether the picture may be scaled to 3/4 and 1/2 of the captured size.</summary>
    public bool ScaleDown { get; init; } = true;

    /// <summary>The picture is never scaled below this many rows.</summary>
    public int MinHeight { get; init; } = 360;

    /// <summary>At most this many encoders run, one per tier of viewers grouped by bandwidth (1: one encoder at the slowest viewer's estimate).</summary>
    public int MaxTiers { get; init; } = 2;

    /// <summary>A viewer below this fraction of the fastest viewer's estimate goes to a lower tier (per tier: squared, cubed, ...).</summary>
    public double TierSplit { get; init; } = 0.5;

    /// <summary>A viewer comes back up once it reaches this fraction of the faster tier's lower bound (hysteresis).</summary>
    public double TierRejoin { get; init; } = 1.4;

    /// <summary>A step up waits this long after the last change (hysteresis in time as well as in rate).</summary>
    public TimeSpan RestoreHold { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Reads the table; errors are keyed <c>degradation.KEY</c>.</summary>
    public static DegradationOptions Read(IConfigurationSection section, List<ConfigurationError> errors)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(errors);
        var reader = new SettingsReader(section, "degradation");
        reader.RejectUnknownKeys(["enabled", "min_fps", "low_bits_per_pixel", "restore_bits_per_pixel", "restore_hold_ms", "scale_down", "min_height", "max_tiers", "tier_split", "tier_rejoin"]);
        var options = new DegradationOptions
        {
            Enabled = reader.ReadBoolean("enabled", Default.Enabled),
            MinFrameRate = reader.ReadInt32("min_fps", Default.MinFrameRate, 1, 240),
            LowBitsPerPixel = reader.ReadDouble("low_bits_per_pixel", Default.LowBitsPerPixel, 0.001, 1),
            RestoreBitsPerPixel = reader.ReadDouble("restore_bits_per_pixel", Default.RestoreBitsPerPixel, 0.001, 1),
            ScaleDown = reader.ReadBoolean("scale_down", Default.ScaleDown),
            MinHeight = reader.ReadInt32("min_height", Default.MinHeight, 16, 8192),
            MaxTiers = reader.ReadInt32("max_tiers", Default.MaxTiers, 1, 4),
            TierSplit = reader.ReadDouble("tier_split", Default.TierSplit, 0.05, 0.95),
            TierRejoin = reader.ReadDouble("tier_rejoin", Default.TierRejoin, 1, 4),
            RestoreHold = TimeSpan.FromMilliseconds(reader.ReadInt32("restore_hold_ms", (int)Default.RestoreHold.TotalMilliseconds, 0, 60_000)),
        };
        if (reader.IsValid && options.RestoreBitsPerPixel <= options.LowBitsPerPixel)
        {
            reader.AddError("restore_bits_per_pixel", $"must be above degradation.low_bits_per_pixel ({options.LowBitsPerPixel}), or the frame rate would flap");
        }

        if (reader.IsValid && options.TierSplit * options.TierRejoin >= 1)
        {
            reader.AddError("tier_rejoin", $"times degradation.tier_split ({options.TierSplit}) must be below 1, or a slower viewer could never rejoin a faster tier");
        }

        errors.AddRange(reader.Errors);
        return reader.IsValid ? options : Default;
    }
}
