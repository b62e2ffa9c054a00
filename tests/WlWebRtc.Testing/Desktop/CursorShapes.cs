using System.Globalization;

namespace WlWebRtc.Testing.Desktop;

/// <summary>
/// Tells cursor shapes apart by their opaque pixels (BGRA or RGBA: alpha is the fourth byte either way): an I-beam
/// (the text cursor) is a narrow upright bar with its hotspot in the middle; an arrow has its hotspot at the tip, on
/// the left edge of what it draws.
/// </summary>
public static class CursorShapes
{
    /// <summary>The box of pixels with alpha over half, or null when nothing is drawn.</summary>
    public static (int Left, int Top, int Right, int Bottom)? OpaqueBox(ReadOnlySpan<byte> pixels, int width, int height)
    {
        int left = width, top = height, right = -1, bottom = -1;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (pixels[(((y * width) + x) * 4) + 3] > 128)
                {
                    (left, top, right, bottom) = (Math.Min(left, x), Math.Min(top, y), Math.Max(right, x), Math.Max(bottom, y));
                }
            }
        }

        return right < 0 ? null : (left, top, right, bottom);
    }

    /// <summary>Whether the image is an I-beam: at most half as wide as tall, the hotspot within its middle third.</summary>
    public static bool IsIBeam(ReadOnlySpan<byte> pixels, int width, int height, int hotspotX, int hotspotY)
    {
        if (OpaqueBox(pixels, width, height) is not { } box)
        {
            return false;
        }

        var boxWidth = box.Right - box.Left + 1;
        var boxHeight = box.Bottom - box.Top + 1;
        var third = boxWidth / 3.0;
        return boxWidth * 2 <= boxHeight && hotspotX >= box.Left + third - 1 && hotspotX <= box.Right - third + 1
            && hotspotY > box.Top && hotspotY < box.Bottom;
    }

    /// <summary>Describes the image for a failure message.</summary>
    public static string Describe(ReadOnlySpan<byte> pixels, int width, int height, int hotspotX, int hotspotY) =>
        string.Create(CultureInfo.InvariantCulture, $"{width}x{height} hotspot ({hotspotX},{hotspotY}) opaque {OpaqueBox(pixels, width, height)?.ToString() ?? "none"}");
}
