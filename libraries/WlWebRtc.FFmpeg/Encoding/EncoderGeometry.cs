namespace WlWebRtc.FFmpeg.Encoding;

/// <summary>What one opening of a codec context is for: the coded (even) size, the rate and the bitrate.</summary>
public sealed record EncoderGeometry(int Width, int Height, int FrameRate, int BitrateBitsPerSecond);
