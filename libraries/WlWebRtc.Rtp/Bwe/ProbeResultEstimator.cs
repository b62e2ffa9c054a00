namespace WlWebRtc.Rtp.Bwe;

/// <summary>
/// Turns the feedback on a probe cluster's packets into the rate the path carried (as libwebrtc's probe bitrate
/// estimator): the send rate over the cluster's send span and the receive rate over its arrival span; a receive
/// rate well under the send rate means the probe hit the bottleneck, and the result is a little under it. One
/// result per cluster, once most of its packets were reported. Bounded: a few clusters are tracked at a time.
/// Times in microseconds. Not thread-safe.
/// </summary>
internal sealed class ProbeResultEstimator
{
    /// <summary>Part of the cluster's packets that must be reported before the result is taken.</summary>
    private const double MinReportedFraction = 0.8;

    /// <summary>A receive rate under this part of the send rate means the probe saturated the path.</summary>
    private const double SaturatedRatio = 0.9;

    /// <summary>What a saturated probe reports: a little under the receive rate, so the link is not filled to the brim.</summary>
    private const double SaturatedUtilisation = 0.95;

    private const int MaxClusters = 4;
    private const long MaxSpanUs = 1_000_000;
    private const long MinSpanUs = 1_000;

    private readonly List<Stats> _clusters = [];

    /// <summary>Results taken so far (tests).</summary>
    public int Results { get; private set; }

    /// <summary>Records that a packet of <paramref name="cluster"/> was sent.</summary>
    public void OnSent(ProbeCluster cluster)
    {
        var stats = Find(cluster.Id);
        if (stats is null)
        {
            if (_clusters.Count == MaxClusters)
            {
                _clusters.RemoveAt(0);
            }

            stats = new Stats(cluster.Id, cluster.MinPackets);
            _clusters.Add(stats);
        }

        stats.Sent++;
    }

    /// <summary>
    /// Adds the feedback on one received probe packet; returns the cluster's rate in bits per second once it is known
    /// (once per cluster), else null. <c>Saturated</c>: the probe hit the bottleneck, so the rate is the path's capacity.
    /// </summary>
    public (long BitsPerSecond, bool Saturated)? OnReceived(int clusterId, long sendUs, long arrivalUs, int bytes)
    {
        var stats = Find(clusterId);
        if (stats is null || stats.Done)
        {
            return null;
        }

        stats.Add(sendUs, arrivalUs, bytes);
        if (stats.Received < Math.Max(stats.MinPackets, stats.Sent) * MinReportedFraction)
        {
            return null;
        }

        stats.Done = true;
        var sendSpan = stats.LastSendUs - stats.FirstSendUs;
        var receiveSpan = stats.LastArrivalUs - stats.FirstArrivalUs;
        if (sendSpan is < MinSpanUs or > MaxSpanUs || receiveSpan is < MinSpanUs or > MaxSpanUs)
        {
            return null;
        }

        // The last packet sent ends the send span and the first to arrive starts the receive span: neither is inside its span.
        var sendRate = (stats.Bytes - stats.LastSendBytes) * 8.0 * 1_000_000 / sendSpan;
        var receiveRate = (stats.Bytes - stats.FirstArrivalBytes) * 8.0 * 1_000_000 / receiveSpan;
        var saturated = receiveRate < SaturatedRatio * sendRate;
        var result = saturated ? SaturatedUtilisation * receiveRate : Math.Min(sendRate, receiveRate);
        Results++;
        return ((long)result, saturated);
    }

    private Stats? Find(int id)
    {
        foreach (var stats in _clusters)
        {
            if (stats.Id == id)
            {
                return stats;
            }
        }

        return null;
    }

    private sealed class Stats(int id, int minPackets)
    {
        public int Id { get; } = id;

        public int MinPackets { get; } = minPackets;

        public int Sent { get; set; }

        public int Received { get; private set; }

        public bool Done { get; set; }

        public long Bytes { get; private set; }

        public long FirstSendUs { get; private set; } = long.MaxValue;

        public long LastSendUs { get; private set; } = long.MinValue;

        public int LastSendBytes { get; private set; }

        public long FirstArrivalUs { get; private set; } = long.MaxValue;

        public long LastArrivalUs { get; private set; } = long.MinValue;

        public int FirstArrivalBytes { get; private set; }

        public void Add(long sendUs, long arrivalUs, int bytes)
        {
            Received++;
            Bytes += bytes;
            FirstSendUs = Math.Min(FirstSendUs, sendUs);
            if (sendUs >= LastSendUs)
            {
                LastSendUs = sendUs;
                LastSendBytes = bytes;
            }

            if (arrivalUs < FirstArrivalUs)
            {
                FirstArrivalUs = arrivalUs;
                FirstArrivalBytes = bytes;
            }

            LastArrivalUs = Math.Max(LastArrivalUs, arrivalUs);
        }
    }
}
