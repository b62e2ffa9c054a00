namespace WlWebRtc.Host.Configuration;

/// <summary>The plugin choice for one kind: <c>auto</c>, a name, or (signaling) a list of names.</summary>
internal sealed record KindSelection(IReadOnlyList<string> Plugins)
{
    public const string Auto = "auto";
    public const string None = "none";

    public bool IsAuto => Plugins.Count == 1 && string.Equals(Plugins[0], Auto, StringComparison.OrdinalIgnoreCase);

    public bool IsNone => Plugins.Count == 1 && string.Equals(Plugins[0], None, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => string.Join(", ", Plugins);

    public bool Equals(KindSelection? other) => other is not null && Plugins.SequenceEqual(other.Plugins, StringComparer.OrdinalIgnoreCase);

    public override int GetHashCode() => Plugins.Aggregate(0, (hash, name) => HashCode.Combine(hash, StringComparer.OrdinalIgnoreCase.GetHashCode(name)));
}

/// <summary>The <c>[capture]</c> table.</summary>
internal sealed record CaptureOptions(KindSelection Selection, int MaxFrameRate);

/// <summary>The <c>[encoder]</c> table: settings shared by every encoder.</summary>
internal sealed record EncoderOptions(KindSelection Selection, int Bitrate, int MinBitrate, int MaxBitrate, TimeSpan KeyframeRefresh)
{
    public const int DefaultMinKeyframeIntervalMilliseconds = 500;

    /// <summary><c>encoder.min_bitrate</c>'s default: under 90 % of <c>[transport.webrtc] min_bitrate</c>'s 150 kb/s.</summary>
    public const int DefaultMinBitrate = 120_000;

    /// <summary>
    /// <c>encoder.min_keyframe_interval_ms</c>: at most one keyframe forced by viewers' requests (join, PLI, FIR)
    /// per interval, whichever viewer asks; requests inside it are served at its end.
    /// </summary>
    public TimeSpan MinKeyframeInterval { get; init; } = TimeSpan.FromMilliseconds(DefaultMinKeyframeIntervalMilliseconds);
}

/// <summary>The <c>[plugins]</c> table: extra plugin folders and probing limits.</summary>
internal sealed record PluginsOptions(IReadOnlyList<string> Paths, TimeSpan MaxProbeTime);
