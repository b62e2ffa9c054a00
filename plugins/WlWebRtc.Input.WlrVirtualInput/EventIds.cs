namespace WlWebRtc.Input.WlrVirtualInput;

/// <summary>Every log event id of this assembly, in one place so that none is used twice.</summary>
internal static class EventIds
{
    public const int DevicesCreated = 1;
    public const int OutputNotFound = 2;
    public const int CloseFailed = 3;
    public const int LayoutLoaded = 4;
    public const int LayoutUnavailable = 5;
    public const int TypingThrottled = 6;
    public const int PointerRemapped = 7;

    // clipboard (data control): 100–
    public const int ClipboardOpened = 100;
    public const int ClipboardSelectionSet = 101;
    public const int ClipboardDesktopSelection = 102;
    public const int ClipboardDeviceFinished = 103;
    public const int ClipboardSendWithoutDescriptor = 104;
    public const int ClipboardWriteFailed = 105;
    public const int ClipboardCloseFailed = 106;
}
