namespace WlWebRtc.Sctp;

/// <summary>Where an association stands, as its user sees it.</summary>
public enum SctpAssociationState
{
    /// <summary>Created; nothing sent or received yet.</summary>
    New,
    /// <summary>INIT or COOKIE-ECHO sent, waiting for the peer.</summary>
    Connecting,
    /// <summary>Set up: data channels may be opened and used.</summary>
    Established,
    /// <summary>SHUTDOWN under way.</summary>
    ShuttingDown,
    /// <summary>Closed cleanly (SHUTDOWN completed) or by <see cref="SctpAssociation.Abort"/>.</summary>
    Closed,
    /// <summary>Gave up: the peer sent ABORT, or retransmissions ran out.</summary>
    Failed,
}
