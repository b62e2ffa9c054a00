namespace WlWebRtc.Media;

/// <summary>Video codecs an encoder can produce.</summary>
public enum VideoCodec
{
    /// <summary>H.264 / AVC, Annex B byte stream.</summary>
    H264,
}
