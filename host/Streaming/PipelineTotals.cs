namespace WlWebRtc.Host.Streaming;

/// <summary>Counters since the pipeline started (Prometheus counters, <c>wlwebrtc status</c>).</summary>
internal sealed record PipelineTotals(long CapturedFrames, long EncodedFrames, long Keyframes, long EncodedBytes);
