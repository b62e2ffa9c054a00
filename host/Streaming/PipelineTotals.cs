namespace WlWebRtc.Host.Streaming;

/// <summary>Counters since the pipeline started (Prometheus counters, <c>wlwebrtc status</c>).</summary>
internal sealed record PipelineTotals(long CapturedFrames, long EncodedFrames, long Keyframes, long EncodedBytes)
{
    /// <summary>Keyframe requests (join, PLI, FIR) that found an earlier one still waiting and were served by it.</summary>
    public long KeyframeRequestsCoalesced { get; init; }

    /// <summary>Unexpected failures on the encoder thread (each cost one frame).</summary>
    public long Failures { get; init; }
}
