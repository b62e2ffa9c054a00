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
}
