namespace WlWebRtc.FFmpeg;

/// <summary>H.264 profiles the encoders offer.</summary>
public enum H264Profile
{
    /// <summary>Constrained Baseline (profile_idc 66, constraint_set1): what every WebRTC peer decodes.</summary>
    ConstrainedBaseline,

    /// <summary>Main (77).</summary>
    Main,

    /// <summary>High (100).</summary>
    High,
}
