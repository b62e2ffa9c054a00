namespace WlWebRtc.Encoders;

/// <summary>What the pipeline asks of an encoder; plugin-specific knobs come from the plugin's config table.</summary>
/// <param name="Width">Frame width in pixels.</param>
/// <param name="Height">Frame height in pixels.</param>
/// <param name="FrameRate">Nominal frames per second (for rate control and level).</param>
/// <param name="BitrateBitsPerSecond">Target bitrate (CBR).</param>
public sealed record EncoderSettings(int Width, int Height, int FrameRate, int BitrateBitsPerSecond);
