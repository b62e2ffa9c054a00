namespace WlWebRtc.Transport.WebRtc.Sdp;

/// <summary>What offer/answer settled for the video stream.</summary>
internal sealed record NegotiatedVideo(
    string Mid,
    int PayloadType,
    int? RtxPayloadType,
    string ProfileLevelId,
    int? AbsSendTimeId,
    int? TransportCcId,
    int? PlayoutDelayId,
    bool Nack,
    bool Pli,
    bool Fir,
    bool Remb,
    bool TransportCcFeedback,
    bool ReducedSizeRtcp)
{
    /// <summary>RED (RFC 2198) carrying media and ULPFEC, when both were negotiated; null: no FEC.</summary>
    public int? RedPayloadType { get; init; }

    /// <summary>ULPFEC (RFC 5109) inside RED.</summary>
    public int? UlpfecPayloadType { get; init; }
}

/// <summary>
/// What offer/answer settled for the data channel association: the peer's a=max-message-size bounds what we send,
/// ours bounds what the association reassembles before it aborts.
/// </summary>
internal sealed record NegotiatedData(string Mid, int RemoteSctpPort, long RemoteMaxMessageSize, long LocalMaxMessageSize);

/// <summary>The remote side's ICE and DTLS parameters.</summary>
internal sealed record RemoteTransport(string Ufrag, string Pwd, SdpFingerprint Fingerprint, SdpSetup Setup, IReadOnlyList<SdpCandidate> Candidates);

/// <summary>The outcome of an offer/answer exchange.</summary>
internal sealed record NegotiatedSession(NegotiatedVideo? Video, NegotiatedData? Data, RemoteTransport Remote, bool LocalIsDtlsClient);

/// <summary>Our own parameters that go into an offer or an answer.</summary>
internal sealed record LocalDescription(
    string Ufrag,
    string Pwd,
    SdpFingerprint Fingerprint,
    IReadOnlyList<SdpCandidate> Candidates,
    uint VideoSsrc,
    uint RtxSsrc,
    string Cname,
    string StreamId,
    string TrackId,
    bool EnableDataChannel)
{
    public int SctpPort { get; init; } = 5000;

    public long MaxMessageSize { get; init; } = 262_144;

    /// <summary>Which offered H.264 profiles to pick first.</summary>
    public IReadOnlyList<H264Profile> ProfilePreference { get; init; } =
        [H264Profile.ConstrainedBaseline, H264Profile.Baseline, H264Profile.Main, H264Profile.ConstrainedHigh, H264Profile.High];

    public bool PlayoutDelayZero { get; init; } = true;

    /// <summary>Offer red/90000 and ulpfec/90000, and accept them in an offer ([transport.webrtc] fec = "ulpfec").</summary>
    public bool Fec { get; init; }

    /// <summary>a=ice-lite: the server answers checks only (false with the full agent).</summary>
    public bool IceLite { get; init; } = true;

    /// <summary>More of our candidates follow by trickle (a=ice-options:trickle, no a=end-of-candidates).</summary>
    public bool Trickle { get; init; }
}
