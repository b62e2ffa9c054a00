namespace WlWebRtc.RemoteInput.Display;

/// <summary>
/// What a viewer reports of its stage (docs/input-protocol.md, <c>vs</c>): the size in CSS pixels and the browser's
/// devicePixelRatio, so that the device pixels are about <c>Width * PixelRatio</c> by <c>Height * PixelRatio</c>.
/// </summary>
/// <param name="Width">Stage width in CSS pixels.</param>
/// <param name="Height">Stage height in CSS pixels.</param>
/// <param name="PixelRatio">The browser's devicePixelRatio.</param>
public readonly record struct ViewerSize(int Width, int Height, double PixelRatio);
