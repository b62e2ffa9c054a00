namespace WlWebRtc.Kde;

/// <summary>The assembly's logging event ids, one table so none is used twice.</summary>
internal static class EventIds
{
    public const int CaptureStarted = 1;
    public const int CaptureFailed = 2;
    public const int FallingBack = 3;
    public const int FallbackFailed = 4;
    public const int SelectionSwitched = 5;
    public const int WindowEnded = 6;
    public const int GoHomeFailed = 7;
    public const int NoWindows = 8;
    public const int InjectorCreated = 10;
    public const int ReleaseFailed = 11;
    public const int KeyboardUnsupported = 12;
}
