namespace WlWebRtc.Encoders;

/// <summary>Per-frame requests to the encoder.</summary>
[Flags]
public enum EncodeOptions
{
    /// <summary>Nothing special.</summary>
    None = 0,

    /// <summary>Make this frame an IDR (with SPS/PPS in front).</summary>
    ForceKeyframe = 1 << 0,
}
