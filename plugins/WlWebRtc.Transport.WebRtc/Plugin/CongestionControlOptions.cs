using WlWebRtc.Configuration;

namespace WlWebRtc.Transport.WebRtc.Plugin;

/// <summary>
/// The congestion-control keys of <c>[transport.webrtc]</c>: where each viewer's bandwidth estimate starts, its floor
/// and ceiling, the pacer (rate multiple, burst window, delay budget) and probing. See config.toml for each key.
/// </summary>
internal sealed record CongestionControlOptions
{
    public static readonly string[] Keys =
    [
        "start_bitrate", "min_bitrate", "max_bitrate", "pacing_factor", "pacing_burst_ms", "max_send_delay_ms", "probe_interval_ms",
    ];

    public static CongestionControlOptions Default { get; } = new();

    public long StartBitrate { get; init; } = 1_500_000;

    public long MinBitrate { get; init; } = 150_000;

    public long MaxBitrate { get; init; } = 50_000_000;

    public double PacingFactor { get; init; } = 2.5;

    public TimeSpan PacingBurst { get; init; } = TimeSpan.FromMilliseconds(5);

    public TimeSpan MaxSendDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Null: probing off.</summary>
    public TimeSpan? ProbeInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Reads the keys from the table's reader (errors go to it, keyed by the table).</summary>
    public static CongestionControlOptions Read(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var probeMs = reader.ReadInt32("probe_interval_ms", (int)Default.ProbeInterval!.Value.TotalMilliseconds, 0, 60_000);
        var options = new CongestionControlOptions
        {
            StartBitrate = reader.ReadInt64("start_bitrate", Default.StartBitrate, 50_000, 1_000_000_000),
            MinBitrate = reader.ReadInt64("min_bitrate", Default.MinBitrate, 50_000, 1_000_000_000),
            MaxBitrate = reader.ReadInt64("max_bitrate", Default.MaxBitrate, 50_000, 1_000_000_000),
            PacingFactor = reader.ReadDouble("pacing_factor", Default.PacingFactor, 1, 10),
            PacingBurst = TimeSpan.FromMilliseconds(reader.ReadInt32("pacing_burst_ms", 5, 1, 100)),
            MaxSendDelay = TimeSpan.FromMilliseconds(reader.ReadInt32("max_send_delay_ms", 250, 20, 10_000)),
            ProbeInterval = probeMs == 0 ? null : TimeSpan.FromMilliseconds(probeMs),
        };
        if (options.MinBitrate > options.MaxBitrate)
        {
            reader.AddError("min_bitrate", $"must not exceed max_bitrate ({options.MaxBitrate})");
        }
        else if (options.StartBitrate < options.MinBitrate || options.StartBitrate > options.MaxBitrate)
        {
            reader.AddError("start_bitrate", $"must lie within min_bitrate..max_bitrate ({options.MinBitrate}..{options.MaxBitrate})");
        }

        if (probeMs is > 0 and < 500)
        {
            reader.AddError("probe_interval_ms", "must be 0 (off) or 500-60000");
        }

        return options;
    }
}
