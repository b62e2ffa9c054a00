namespace WlWebRtc.Session;

/// <summary>Every log event id of this assembly, one range per area; an id keeps its number once shipped.</summary>
internal static class EventIds
{
    // Supervisor (HeadlessSupervisor.cs)
    public const int SessionStarting = 100;
    public const int SessionStarted = 101;
    public const int SessionStartFailed = 102;
    public const int SessionEnded = 103;
    public const int ServerStarted = 104;
    public const int ServerExited = 105;
    public const int RestartScheduled = 106;
    public const int RestartsExhausted = 107;
    public const int Stopping = 108;
    public const int Stopped = 109;
    public const int ServerConfigurationInvalid = 110;

    // Headless session (Desktop/HeadlessSession.cs)
    public const int ComponentStarted = 200;
    public const int DesktopUser = 201;
    public const int TearDownKilled = 202;
}
