namespace WlWebRtc.Capture.TestPattern;

/// <summary>Every log event id of this assembly, in one place so that none is used twice.</summary>
internal static class EventIds
{
    public const int Started = 1;
    public const int SinkFailed = 2;
    public const int StopObserverFailed = 3;
}
