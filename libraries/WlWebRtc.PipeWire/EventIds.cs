namespace WlWebRtc.PipeWire;

/// <summary>
/// The event ids of every log message of this assembly, one range per area, so that no id is used twice:
/// 200 PipeWire stream and frame delivery, 300 DMA-BUF access (the numbers the portal plugin used before the move).
/// </summary>
internal static class EventIds
{
    public const int PipeWireConnected = 200;
    public const int PipeWireStateChanged = 201;
    public const int PipeWireFormatNegotiated = 202;
    public const int PipeWireCallbackFailed = 203;
    public const int FrameSinkFailed = 204;
    public const int CaptureFailed = 205;
    public const int PipeWireQueueFailed = 206;
    public const int DeliveryThreadFailed = 207;
    public const int CursorModeDeprecated = 208;

    public const int DmaBufMapFailed = 300;
    public const int DmaBufSyncFailed = 301;
    public const int NotDmaBuf = 302;
}
