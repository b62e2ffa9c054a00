namespace WlWebRtc.Portal;

/// <summary>
/// The event ids of every log message of this assembly (both plugins), one range per area, so that no id is used
/// twice: 100 portal session, 200 PipeWire stream and frame delivery, 300 DMA-BUF access, 400 RemoteDesktop input.
/// </summary>
internal static class EventIds
{
    public const int PortalSessionOpened = 100;
    public const int PortalSessionStarting = 101;
    public const int PortalSessionEnded = 102;

    public const int PipeWireConnected = 200;
    public const int PipeWireStateChanged = 201;
    public const int PipeWireFormatNegotiated = 202;
    public const int PipeWireCallbackFailed = 203;
    public const int FrameSinkFailed = 204;
    public const int CaptureFailed = 205;
    public const int PipeWireQueueFailed = 206;
    public const int DeliveryThreadFailed = 207;

    public const int DmaBufMapFailed = 300;
    public const int DmaBufSyncFailed = 301;
    public const int NotDmaBuf = 302;

    public const int OwnRemoteDesktopSession = 400;
    public const int SharedRemoteDesktopSession = 401;
    public const int SharedSessionEnded = 402;
    public const int MissingInputDevices = 403;
    public const int NoSharedSession = 404;
}
