using WlWebRtc.Media;

namespace WlWebRtc.Transport;

/// <summary>
/// One viewer's connection: negotiates offer/answer, sends video, carries data-channel messages both ways,
/// and reports statistics and a bandwidth estimate. Events go to the <see cref="IPeerSessionObserver"/>.
/// </summary>
public interface IPeerSession : IAsyncDisposable
{
    /// <summary>The id given in <see cref="PeerSessionOptions"/>.</summary>
    string Id { get; }

    /// <summary>The connection state.</summary>
    PeerSessionState State { get; }

    /// <summary>Answers a viewer's offer. Throws <see cref="SessionDescriptionException"/> for malformed or unacceptable SDP.</summary>
    ValueTask<SessionDescription> AcceptOfferAsync(SessionDescription offer, CancellationToken cancellationToken);

    /// <summary>Makes an offer, for signaling flows in which the server offers.</summary>
    ValueTask<SessionDescription> CreateOfferAsync(CancellationToken cancellationToken);

    /// <summary>Applies the viewer's answer to an offer from <see cref="CreateOfferAsync"/>.</summary>
    ValueTask SetAnswerAsync(SessionDescription answer, CancellationToken cancellationToken);

    /// <summary>Adds a trickled remote candidate; null marks the end of candidates.</summary>
    ValueTask AddRemoteCandidateAsync(IceCandidate? candidate, CancellationToken cancellationToken);

    /// <summary>
    /// Queues an encoded frame for this viewer without blocking. The session takes its own reference
    /// (<see cref="EncodedAccessUnit.Retain"/>) if it keeps the frame. Returns false if the frame was dropped
    /// (not connected yet, or the viewer is behind and waits for the next keyframe).
    /// </summary>
    bool SendVideo(EncodedAccessUnit accessUnit);

    /// <summary>Sends a data-channel message on the named channel.</summary>
    ValueTask SendDataAsync(DataChannelMessage message, CancellationToken cancellationToken);

    /// <summary>A snapshot of the session's counters and estimates.</summary>
    PeerSessionStats GetStats();
}
