namespace WlWebRtc.Capture;

/// <summary>The size an output should have: its mode in pixels and the scale that makes its logical size (pixels / scale).</summary>
/// <param name="Width">Width in pixels (positive).</param>
/// <param name="Height">Height in pixels (positive).</param>
/// <param name="Scale">The HiDPI scale (1 for none; 2 draws everything twice as large).</param>
public sealed record DesiredOutputSize(int Width, int Height, double Scale);
