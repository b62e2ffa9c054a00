namespace WlWebRtc.FFmpeg;

/// <summary>The H.264 profiles as the encoder tables spell them (<c>profile = "main"</c>), shared by every encoder plugin.</summary>
public static class H264Profiles
{
    /// <summary>The config names, in the order of <see cref="H264Profile"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["constrained-baseline", "main", "high"];

    /// <summary>The profile a config name stands for; anything else is Constrained Baseline.</summary>
    public static H264Profile Parse(string value) => value switch
    {
        "main" => H264Profile.Main,
        "high" => H264Profile.High,
        _ => H264Profile.ConstrainedBaseline,
    };

    /// <summary>The config name of a profile.</summary>
    public static string Name(H264Profile profile) => profile switch
    {
        H264Profile.Main => "main",
        H264Profile.High => "high",
        _ => "constrained-baseline",
    };
}
