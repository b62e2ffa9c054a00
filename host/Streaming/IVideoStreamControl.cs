namespace WlWebRtc.Host.Streaming;

/// <summary>What the viewers need from the pipeline: keyframes on request and a bitrate that follows their bandwidth.</summary>
internal interface IVideoStreamControl
{
    /// <summary>The bitrate the encoder aims at now (a new viewer's transport starts from it).</summary>
    int TargetBitrate { get; }

    /// <summary>Asks for a keyframe (a viewer joined, or sent PLI/FIR).</summary>
    void RequestKeyframe();

    /// <summary>The lowest bandwidth estimate among the viewers.</summary>
    void OnBandwidthEstimate(long bitsPerSecond);
}
