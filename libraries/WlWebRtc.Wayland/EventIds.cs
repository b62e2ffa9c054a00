namespace WlWebRtc.Wayland;

/// <summary>Every log event id of this assembly, in one place so that none is used twice.</summary>
internal static class EventIds
{
    // clipboard (data control): 100– (the numbers it had in the wlr input plugin, where it came from)
    public const int ClipboardOpened = 100;
    public const int ClipboardSelectionSet = 101;
    public const int ClipboardDesktopSelection = 102;
    public const int ClipboardDeviceFinished = 103;
    public const int ClipboardSendWithoutDescriptor = 104;
    public const int ClipboardWriteFailed = 105;
    public const int ClipboardCloseFailed = 106;
}
