namespace WlWebRtc.Portal;

/// <summary>
/// The event ids of every log message of this assembly (both plugins), one range per area, so that no id is used
/// twice: 100 portal session, 400 RemoteDesktop input
/// (200 and 300 are the PipeWire library's: libraries/WlWebRtc.PipeWire).
/// </summary>
internal static class EventIds
{
    public const int PortalSessionOpened = 100;
    public const int PortalSessionStarting = 101;
    public const int PortalSessionEnded = 102;
    public const int OutputSwitching = 103;
    public const int OutputRestored = 104;
    public const int OutputRestoreFailed = 105;
    public const int AllOutputs = 106;
    public const int AllOutputsNotShown = 107;

    public const int OwnRemoteDesktopSession = 400;
    public const int SharedRemoteDesktopSession = 401;
    public const int SharedSessionEnded = 402;
    public const int MissingInputDevices = 403;
    public const int NoSharedSession = 404;
}
