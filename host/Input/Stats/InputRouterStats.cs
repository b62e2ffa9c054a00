using WlWebRtc.Host.Input.Protocol;

namespace WlWebRtc.Host.Input.Stats;

/// <summary>What the router did: messages accepted, dropped (by reason), and the input latency percentiles.</summary>
internal sealed record InputRouterStats(
    long Accepted,
    IReadOnlyDictionary<DropReason, long> Dropped,
    long LatencySamples,
    TimeSpan? LatencyP50,
    TimeSpan? LatencyP95)
{
    public long DroppedTotal => Dropped.Values.Sum();
}
