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
    public const int LayoutRestored = 704;

    // cursor relay (710–)
    public const int CursorImageEncoded = 710;
    public const int CursorImageHalved = 711;
    public const int CursorSendFailed = 712;

    // clipboard router: 750–
    public const int ClipboardRefused = 750;
    public const int ClipboardToDesktop = 751;
    public const int ClipboardDesktopFailed = 752;
    public const int ClipboardToBrowsers = 753;
    public const int ClipboardDesktopItemRefused = 754;
    public const int ClipboardDesktopReadFailed = 755;
    public const int ClipboardSendFailed = 756;
}
