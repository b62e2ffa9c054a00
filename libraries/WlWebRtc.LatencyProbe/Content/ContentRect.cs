namespace WlWebRtc.LatencyProbe.Content;

/// <summary>A rectangle of a frame in pixels.</summary>
public readonly record struct ContentRect(int X, int Y, int Width, int Height);
