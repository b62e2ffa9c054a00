namespace WlWebRtc.RemoteInput;

/// <summary>
/// Every log event id of this assembly, in one place so that none is used twice. The router's ids (700–) are the
/// ones it had in the host, so that log filters written for them keep working.
/// </summary>
internal static class EventIds
{
    public const int MessageDropped = 700;
    public const int HeldInputReleased = 701;
    public const int InjectorFailed = 702;
    public const int LayoutFollowed = 703;

    // cursor relay (710–)
    public const int CursorImageEncoded = 710;
    public const int CursorImageHalved = 711;
    public const int CursorSendFailed = 712;
}
