namespace WlWebRtc.Ice;

/// <summary>The event ids of this assembly's log messages: one table so that no id is used twice.</summary>
internal static class EventIds
{
    public const int TurnAllocated = 1;
    public const int TurnRefreshFailed = 2;
    public const int TurnConnectionLost = 3;
    public const int TurnBadFrame = 5;
    public const int TurnHandlerFailed = 6;
    public const int IceStateChanged = 20;
    public const int IceRoleSwitched = 21;
    public const int IcePairSelected = 22;
    public const int IceConsentLost = 23;
    public const int IceRequestRejected = 24;
    public const int IcePeerReflexive = 25;
    public const int IceUnexpected = 26;
    public const int SocketReceiveFailed = 40;
    public const int SocketHandlerFailed = 41;
}
