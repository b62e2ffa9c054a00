using WlWebRtc.RemoteInput.Protocol;

namespace WlWebRtc.RemoteInput.Stats;

/// <summary>What the router did: messages accepted, dropped (by reason), and the input latency percentiles.</summary>
public sealed record InputRouterStats(
    long Accepted,
    IReadOnlyDictionary<DropReason, long> Dropped,
    long LatencySamples,
    TimeSpan? LatencyP50,
    TimeSpan? LatencyP95)
{
    public long DroppedTotal => Dropped.Values.Sum();
}
