namespace WlWebRtc.DBus;

/// <summary>Every log event id of this assembly, in one place so that none is used twice.</summary>
internal static class EventIds
{
    // Connection
    public const int Connected = 1;
    public const int ConnectionLost = 2;
    public const int ObjectHandlerFailed = 3;
    public const int ReplyFailed = 4;
    public const int SignalHandlerFailed = 5;
    public const int ReaderFailed = 6;
    public const int DispatchFailed = 7;

    // Portals
    public const int ScreenCastStarted = 20;
}
