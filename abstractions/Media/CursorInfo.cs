namespace WlWebRtc.Media;

/// <summary>Cursor metadata carried beside a frame when the cursor is not drawn into it.</summary>
/// <param name="X">Cursor position in frame pixels.</param>
/// <param name="Y">Cursor position in frame pixels.</param>
/// <param name="Visible">Whether the cursor is shown.</param>
public sealed record CursorInfo(int X, int Y, bool Visible)
{
    /// <summary>Hotspot within the bitmap.</summary>
    public int HotspotX { get; init; }

    /// <summary>Hotspot within the bitmap.</summary>
    public int HotspotY { get; init; }

    /// <summary>The cursor image when it changed (BGRA, <see cref="BitmapWidth"/> × <see cref="BitmapHeight"/>), else empty.</summary>
    public ReadOnlyMemory<byte> Bitmap { get; init; }

    /// <summary>Width of <see cref="Bitmap"/>.</summary>
    public int BitmapWidth { get; init; }

    /// <summary>Height of <see cref="Bitmap"/>.</summary>
    public int BitmapHeight { get; init; }
}
