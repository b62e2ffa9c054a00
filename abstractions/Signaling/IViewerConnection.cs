using WlWebRtc.Transport;

namespace WlWebRtc.Signaling;

/// <summary>One viewer, as seen by signaling.</summary>
public interface IViewerConnection
{
    /// <summary>The viewer's id.</summary>
    string Id { get; }

    /// <summary>The answer to the viewer's offer.</summary>
    SessionDescription Answer { get; }

    /// <summary>What the viewer may do.</summary>
    ViewerRole Role { get; }

    /// <summary>Adds a trickled candidate; null ends them.</summary>
    ValueTask AddRemoteCandidateAsync(IceCandidate? candidate, CancellationToken cancellationToken);

    /// <summary>Ends the session.</summary>
    ValueTask CloseAsync();

    /// <summary>Fires once when the session ends, whichever side ended it.</summary>
    CancellationToken Closed { get; }

    /// <summary>The server's trickled candidates, when the transport trickles them (else null: the answer has them all).</summary>
    ILocalCandidateSource? LocalCandidates => null;

    /// <summary>ICE restart without a new session, when the transport offers it (else null).</summary>
    IIceRestartable? IceRestart => null;
}
