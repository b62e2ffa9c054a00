namespace WlWebRtc.Transport;

/// <summary>The life of a peer session.</summary>
public enum PeerSessionState
{
    /// <summary>Created, not negotiated.</summary>
    New,

    /// <summary>Negotiated; ICE and DTLS under way.</summary>
    Connecting,

    /// <summary>Media can flow.</summary>
    Connected,

    /// <summary>Consent or connectivity lost; may still recover.</summary>
    Disconnected,

    /// <summary>Failed for good (handshake failure, consent timeout).</summary>
    Failed,

    /// <summary>Closed by either side.</summary>
    Closed,
}
