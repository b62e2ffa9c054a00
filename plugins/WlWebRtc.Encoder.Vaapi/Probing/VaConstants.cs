namespace WlWebRtc.Encoder.Vaapi.Probing;

/// <summary>Values from va/va.h (libva 2.x) that the probe needs.</summary>
internal static class VaConstants
{
    public const int StatusSuccess = 0;

    // VAProfile
    public const int ProfileH264Main = 6;
    public const int ProfileH264High = 7;
    public const int ProfileH264ConstrainedBaseline = 13;

    // VAEntrypoint
    public const int EntrypointEncSlice = 6;
    public const int EntrypointEncSliceLP = 8;

    /// <summary>The H.264 profiles an encoder for browsers may use, in the order they are reported.</summary>
    public static readonly (int Profile, string Name)[] H264Profiles =
    [
        (ProfileH264ConstrainedBaseline, "ConstrainedBaseline"),
        (ProfileH264Main, "Main"),
        (ProfileH264High, "High"),
    ];

    /// <summary>The encode entrypoints, by name as the contracts report them.</summary>
    public static readonly (int Entrypoint, string Name)[] EncodeEntrypoints =
    [
        (EntrypointEncSlice, "EncSlice"),
        (EntrypointEncSliceLP, "EncSliceLP"),
    ];
}
