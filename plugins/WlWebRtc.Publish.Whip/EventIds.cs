namespace WlWebRtc.Publish.Whip;

/// <summary>Every log event id of this assembly, in one place so that none is used twice.</summary>
internal static class EventIds
{
    public const int Publishing = 1;
    public const int Connected = 2;
    public const int SessionLost = 3;
    public const int Refused = 4;
    public const int AttemptFailed = 5;
    public const int Retrying = 6;
    public const int Deleted = 7;
    public const int DeleteFailed = 8;
    public const int Stopped = 9;
    public const int IceServersFromLinks = 10;
}
