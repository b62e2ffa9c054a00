using System.Net;
using WlWebRtc.Ice.Stun;
using WlWebRtc.Transport.WebRtc.Sdp;

namespace WlWebRtc.Transport.WebRtc.Ice;

/// <summary>
/// One session's ICE, as the session uses it: <see cref="IceLiteAgent"/> (answers checks only) or
/// <see cref="FullIceSession"/> (the WlWebRtc.Ice agent: gathers, checks, nominates or is nominated). Packets come
/// from the shared-port demultiplexer; DTLS, SRTP and SRTCP are taken only from the selected pair.
/// </summary>
internal interface ISessionIce : IAsyncDisposable
{
    IceCredentials Local { get; }

    /// <summary>True for ICE-lite (the SDP says a=ice-lite).</summary>
    bool IsLite { get; }

    IceConnectionState State { get; }

    event Action<IceConnectionState>? StateChanged;

    /// <summary>Offer/answer is settled: the peer's credentials and candidates are known; checks may start.</summary>
    void Start(RemoteTransport remote);

    /// <summary>A trickled remote candidate; null is end-of-candidates.</summary>
    void AddRemoteCandidate(SdpCandidate? candidate);

    /// <summary>A binding request naming our ufrag; true if it was authentic (its 5-tuple may then reach this session).</summary>
    bool HandleBindingRequest(IDatagramSender local, SocketAddress remote, StunMessage request);

    /// <summary>A response to a request this session sent on the shared port (routed by transaction id).</summary>
    void HandleResponse(IDatagramSender local, SocketAddress remote, StunMessage response);

    /// <summary>True if <paramref name="remote"/> on <paramref name="local"/> is the selected pair.</summary>
    bool IsSelected(IDatagramSender local, SocketAddress remote);

    /// <summary>Sends DTLS or SRTP on the selected pair (dropped when none is selected).</summary>
    void SendToSelected(ReadOnlySpan<byte> datagram);

    /// <summary>An authenticated packet (SRTCP, DTLS data) arrived on the selected pair.</summary>
    void NoteSelectedPairTraffic();

    /// <summary>Called every 500 ms by the transport.</summary>
    void CheckConsent();

    /// <summary>
    /// ICE restart (RFC 8445 section 9): <paramref name="local"/> and the peer's new credentials and candidates replace the
    /// old ones; media stays on the selected pair until checks with the new credentials select one.
    /// </summary>
    void Restart(IceCredentials local, RemoteTransport remote);

    void Close();
}
