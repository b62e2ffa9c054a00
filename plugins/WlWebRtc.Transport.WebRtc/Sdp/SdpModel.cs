namespace WlWebRtc.Transport.WebRtc.Sdp;

/// <summary>DTLS role negotiation attribute (RFC 4145 / RFC 5763).</summary>
internal enum SdpSetup
{
    ActPass,
    Active,
    Passive,
    HoldConn,
}

/// <summary>Media direction attribute.</summary>
internal enum SdpDirection
{
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}

internal sealed record SdpOrigin(string UserName, string SessionId, ulong SessionVersion, string Address);

internal sealed record SdpFingerprint(string HashFunction, byte[] Value)
{
    public string Format() => HashFunction + " " + string.Join(':', Value.Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
}

internal sealed record SdpRtpMap(int PayloadType, string EncodingName, int ClockRate, int? Channels);

internal sealed record SdpRtcpFeedback(int? PayloadType, string Value);

internal sealed record SdpExtMap(int Id, string? Direction, string Uri);

internal sealed record SdpSsrcAttribute(uint Ssrc, string Name, string? Value);

internal sealed record SdpSsrcGroup(string Semantics, IReadOnlyList<uint> Ssrcs);

/// <summary>One m= section with the attributes this stack understands; unknown attributes are kept out.</summary>
internal sealed class SdpMedia
{
    public required string Kind { get; set; }

    public int Port { get; set; }

    public required string Protocol { get; set; }

    public List<string> Formats { get; } = [];

    public string? ConnectionAddress { get; set; }

    public string? Mid { get; set; }

    public SdpDirection? Direction { get; set; }

    public bool RtcpMux { get; set; }

    public bool RtcpReducedSize { get; set; }

    public string? IceUfrag { get; set; }

    public string? IcePwd { get; set; }

    public List<string> IceOptions { get; } = [];

    public SdpFingerprint? Fingerprint { get; set; }

    public SdpSetup? Setup { get; set; }

    public List<SdpRtpMap> RtpMaps { get; } = [];

    public Dictionary<int, string> Fmtp { get; } = [];

    public List<SdpRtcpFeedback> RtcpFeedback { get; } = [];

    public List<SdpExtMap> ExtMaps { get; } = [];

    public List<SdpSsrcAttribute> Ssrcs { get; } = [];

    public List<SdpSsrcGroup> SsrcGroups { get; } = [];

    public string? Msid { get; set; }

    public int? SctpPort { get; set; }

    /// <summary>The legacy (draft-ietf-mmusic-sctp-sdp-05) a=sctpmap value, e.g. "5000 webrtc-datachannel 65535".</summary>
    public string? SctpMap { get; set; }

    public long? MaxMessageSize { get; set; }

    public List<SdpCandidate> Candidates { get; } = [];

    public bool EndOfCandidates { get; set; }

    public bool IsRejected => Port == 0;
}

/// <summary>A parsed session description.</summary>
internal sealed class SdpSession
{
    public required SdpOrigin Origin { get; set; }

    public string SessionName { get; set; } = "-";

    public List<string> BundleMids { get; } = [];

    public bool IceLite { get; set; }

    public string? IceUfrag { get; set; }

    public string? IcePwd { get; set; }

    public List<string> IceOptions { get; } = [];

    public SdpFingerprint? Fingerprint { get; set; }

    public SdpSetup? Setup { get; set; }

    public string? MsidSemantic { get; set; }

    public List<SdpMedia> Media { get; } = [];

    /// <summary>The effective ICE ufrag of a section (media level overrides session level).</summary>
    public string? UfragOf(SdpMedia media) => media.IceUfrag ?? IceUfrag;

    public string? PwdOf(SdpMedia media) => media.IcePwd ?? IcePwd;

    public SdpFingerprint? FingerprintOf(SdpMedia media) => media.Fingerprint ?? Fingerprint;

    public SdpSetup? SetupOf(SdpMedia media) => media.Setup ?? Setup;
}
