namespace WlWebRtc.Transport.WebRtc;

/// <summary>Every log event id of this assembly, in one place so that none is used twice.</summary>
internal static class EventIds
{
    // ICE: UDP endpoint
    public const int UdpSendFailed = 1;
    public const int UdpReceiveFailed = 2;
    public const int UdpDispatchFailed = 3;

    // Full ICE (WlWebRtc.Ice agent on the shared port)
    public const int IceGathered = 10;
    public const int IceGatheringFailed = 11;
    public const int IceCandidateIgnored = 12;
    public const int IceSelected = 13;

    // DTLS
    public const int DtlsHandshakeFailed = 20;
    public const int DtlsReceiveEnded = 21;
    public const int DtlsSendFailed = 22;
    public const int DtlsCallbackThrew = 23;

    // Plugin: binding and candidates
    public const int UdpBindFailed = 40;
    public const int HostCandidates = 41;
    public const int IceModeChosen = 42;

    // Reachability (the STUN probe at start)
    public const int ReachabilityProbed = 47;
    public const int TurnServerUnusable = 48;

    // Address watch (local addresses re-read when interfaces change)
    public const int LocalAddressesChanged = 50;
    public const int AddressNotification = 51;
    public const int NetlinkUnavailable = 52;
    public const int NetlinkReceiveFailed = 53;
    public const int NetlinkHandlerThrew = 54;
    public const int LocalAddressesReadFailed = 55;
    public const int LocalAddressesApplyFailed = 56;
    public const int AddressSocketBound = 57;
    public const int AddressSocketClosed = 58;
    public const int SessionIceRestartRequested = 59;
    public const int AnnouncedAddressOrphaned = 49;

    // Peer session
    public const int SessionAnswered = 60;
    public const int SessionFailed = 61;
    public const int SessionConsent = 62;
    public const int SessionObserverThrew = 63;
    public const int SessionConnected = 64;
    public const int SessionSendFailed = 65;
    public const int SessionByeReceived = 66;
    public const int SessionClosedByViewer = 67;
    public const int SessionEntryPointThrew = 68;
    public const int SessionIceRestarted = 69;
}
