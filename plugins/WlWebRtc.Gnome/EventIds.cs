namespace WlWebRtc.Gnome;

/// <summary>The assembly's logging event ids, one table so none is used twice.</summary>
internal static class EventIds
{
    public const int SessionStarted = 1;
    public const int SessionEnded = 2;
    public const int SessionStopFailed = 3;
    public const int VirtualMonitorResized = 4;
    public const int InjectorCreated = 10;
    public const int ReleaseFailed = 11;
    public const int WarmUpFailed = 12;
    public const int LayoutKept = 13;
}
