namespace WlWebRtc.Media;

/// <summary>A rectangle of a frame that changed since the previous frame, in pixels.</summary>
public readonly record struct DamageRect(int X, int Y, int Width, int Height);
