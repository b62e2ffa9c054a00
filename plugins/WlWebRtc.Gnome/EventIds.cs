namespace WlWebRtc.Gnome;

/// <summary>The assembly's logging event ids, one table so none is used twice.</summary>
internal static class EventIds
{
    public const int SessionStarted = 1;
    public const int SessionEnded = 2;
    public const int SessionStopFailed = 3;
    public const int VirtualMonitorResized = 4;
    public const int VirtualMonitorRedraw = 5;
    public const int VirtualMonitorNoFrame = 6;
    public const int VirtualMonitorScaled = 7;
    public const int VirtualMonitorScaleKept = 8;
    public const int InjectorCreated = 10;
    public const int ReleaseFailed = 11;
    public const int WarmUpFailed = 12;
    public const int LayoutKept = 13;
    public const int InputSourceSet = 14;
    public const int InputSourceFailed = 15;
    public const int InputSourcesRestored = 16;
    public const int InputSourcesRestoreFailed = 17;

    // the clipboard (60..69)
    public const int ClipboardEnabled = 60;
    public const int ClipboardSelectionSet = 61;
    public const int ClipboardDesktopSelection = 62;
    public const int ClipboardReadRefused = 63;
    public const int ClipboardTransferFailed = 64;
    public const int ClipboardDisableFailed = 65;
}
