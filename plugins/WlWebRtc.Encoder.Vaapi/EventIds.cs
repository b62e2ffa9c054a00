namespace WlWebRtc.Encoder.Vaapi;

/// <summary>The event ids of this assembly's log messages, in one place so that none is used twice.</summary>
internal static class EventIds
{
    public const int RenderNodeProbed = 1;
}
