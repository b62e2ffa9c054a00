namespace WlWebRtc.Rtp.Srtp;

/// <summary>The outcome of protecting or unprotecting one packet.</summary>
public enum SrtpStatus
{
    /// <summary>Done.</summary>
    Ok,

    /// <summary>Too short or not an RTP/RTCP packet.</summary>
    Malformed,

    /// <summary>The authentication tag did not match (forged, corrupted or wrong key).</summary>
    AuthenticationFailed,

    /// <summary>Already received, or too old for the replay window.</summary>
    Replayed,

    /// <summary>The destination buffer has no room for the tag (and SRTCP index).</summary>
    BufferTooSmall,

    /// <summary>
    /// Authenticated, but from a new SSRC while the session already tracks its maximum number of remote SSRCs:
    /// dropped, no state kept.
    /// </summary>
    SsrcLimitReached,
}
