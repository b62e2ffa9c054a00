namespace WlWebRtc.FFmpeg;

/// <summary>The event ids of this assembly's log messages, in one place so that none is used twice.</summary>
internal static class EventIds
{
    public const int EncoderOpened = 1;
    public const int EncoderReopening = 2;
    public const int EncoderBitrateChanged = 3;
}
