namespace WlWebRtc.Rtp.Retransmission;

/// <summary>What <see cref="RtpPacketHistory.Find"/> found.</summary>
internal enum RetransmissionLookup
{
    /// <summary>Not kept (never sent, overwritten or too old).</summary>
    NotFound,

    /// <summary>Kept, but retransmitted less than the minimum interval ago: a repeat request.</summary>
    TooSoon,

    /// <summary>Kept and may be retransmitted.</summary>
    Found,
}
