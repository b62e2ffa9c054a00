namespace WlWebRtc.Sctp;

/// <summary>Congestion window, slow start threshold and fast recovery of the send side (RFC 9260 §7.2).</summary>
internal sealed class CongestionControl
{
    private readonly int _mtu;
    private long _partialBytesAcked;
    private uint? _fastRecoveryExit;

    public CongestionControl(int mtu, long initialSsthresh)
    {
        _mtu = mtu;
        Cwnd = Math.Min(4 * mtu, Math.Max(2 * mtu, 4380));
        Ssthresh = initialSsthresh;
    }

    public long Cwnd { get; private set; }

    public long Ssthresh { get; private set; }

    public bool InFastRecovery => _fastRecoveryExit is not null;

    /// <summary>Leaves fast recovery once the cumulative ack reaches the highest TSN outstanding when it began.</summary>
    public void OnCumulativeAck(uint cumulative)
    {
        if (_fastRecoveryExit is { } exit && Tsn.Ge(cumulative, exit))
            _fastRecoveryExit = null;
    }

    /// <summary>A fast retransmit: halve the window once per recovery (§7.2.4).</summary>
    public void OnFastRetransmit(uint highestOutstandingTsn)
    {
        if (_fastRecoveryExit is not null)
            return;
        Ssthresh = Math.Max(Cwnd / 2, 4 * _mtu);
        Cwnd = Ssthresh;
        _partialBytesAcked = 0;
        _fastRecoveryExit = highestOutstandingTsn;
    }

    /// <summary>The cumulative ack advanced outside fast recovery: slow start or congestion avoidance (§7.2.1, §7.2.2).</summary>
    public void OnBytesAcked(long bytesAcked)
    {
        if (Cwnd <= Ssthresh)
        {
            Cwnd += Math.Min(bytesAcked, _mtu);
            return;
        }
        _partialBytesAcked += bytesAcked;
        if (_partialBytesAcked >= Cwnd)
        {
            _partialBytesAcked -= Cwnd;
            Cwnd += _mtu;
        }
    }

    /// <summary>T3 expired: back to one MTU (§7.2.3).</summary>
    public void OnTimeout()
    {
        Ssthresh = Math.Max(Cwnd / 2, 4 * _mtu);
        Cwnd = _mtu;
        _partialBytesAcked = 0;
        _fastRecoveryExit = null;
    }
}
