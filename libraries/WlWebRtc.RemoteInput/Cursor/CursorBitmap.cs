namespace WlWebRtc.RemoteInput.Cursor;

/// <summary>A cursor image in BGRA with its hotspot, in the capture's pixels.</summary>
internal sealed record CursorBitmap(ReadOnlyMemory<byte> Bgra, int Width, int Height, int HotspotX, int HotspotY)
{
    /// <summary>
    /// Half the size in each direction (each pixel the average of a 2x2 box, odd edges repeated), for an image whose
    /// message would exceed the size limit; the hotspot follows.
    /// </summary>
    public CursorBitmap HalfSize()
    {
        var width = Math.Max(1, (Width + 1) / 2);
        var height = Math.Max(1, (Height + 1) / 2);
        var source = Bgra.Span;
        var pixels = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var channel = 0; channel < 4; channel++)
                {
                    var sum = 0;
                    for (var dy = 0; dy < 2; dy++)
                    {
                        for (var dx = 0; dx < 2; dx++)
                        {
                            var sx = Math.Min((x * 2) + dx, Width - 1);
                            var sy = Math.Min((y * 2) + dy, Height - 1);
                            sum += source[(((sy * Width) + sx) * 4) + channel];
                        }
                    }

                    pixels[(((y * width) + x) * 4) + channel] = (byte)((sum + 2) / 4);
                }
            }
        }

        return new CursorBitmap(pixels, width, height, HotspotX / 2, HotspotY / 2);
    }
}
