namespace WlWebRtc.FFmpeg.Frames;

/// <summary>
/// Deterministic BGRx test content: a colour-bar test pattern with a moving box, and a desktop-like frame
/// (gradient wallpaper, a window with a title bar and lines of text-like glyphs, a moving cursor-sized box).
/// </summary>
public static class SyntheticFrames
{
    private static readonly uint[] Bars = [0xFFFFFF, 0xFFFF00, 0x00FFFF, 0x00FF00, 0xFF00FF, 0xFF0000, 0x0000FF, 0x000000];

    /// <summary>SMPTE-like bars, a luma ramp and a box moving with <paramref name="index"/>.</summary>
    public static void TestPattern(Span<byte> bgrx, int width, int height, int stride, int index)
    {
        for (var y = 0; y < height; y++)
        {
            var row = bgrx.Slice(y * stride, width * 4);
            for (var x = 0; x < width; x++)
            {
                uint rgb;
                if (y < height * 2 / 3)
                {
                    rgb = Bars[Math.Min(7, x * 8 / width)];
                }
                else
                {
                    var v = (uint)(x * 255 / Math.Max(1, width - 1));
                    rgb = (v << 16) | (v << 8) | v;
                }

                Put(row, x, rgb);
            }
        }

        DrawBox(bgrx, width, height, stride, index * 7 % Math.Max(1, width - 64), height / 3, 64, 64, 0x20C040);
    }

    /// <summary>A desktop: gradient wallpaper, a white window with a title bar and text, a moving box.</summary>
    public static void Desktop(Span<byte> bgrx, int width, int height, int stride, int index)
    {
        for (var y = 0; y < height; y++)
        {
            var row = bgrx.Slice(y * stride, width * 4);
            var g = (uint)(40 + (y * 120 / Math.Max(1, height)));
            for (var x = 0; x < width; x++)
            {
                var r = (uint)(20 + (x * 60 / Math.Max(1, width)));
                Put(row, x, (r << 16) | (g << 8) | 0xA0);
            }
        }

        var wx = width / 10;
        var wy = height / 10;
        var ww = width * 7 / 10;
        var wh = height * 7 / 10;
        DrawBox(bgrx, width, height, stride, wx, wy, ww, 28, 0x3060A0);
        DrawBox(bgrx, width, height, stride, wx, wy + 28, ww, wh - 28, 0xF8F8F8);

        // Lines of 7x12 glyph cells; each glyph a fixed pseudo-random 5x9 bitmap, like small dark text.
        var line = 0;
        for (var ty = wy + 40; ty + 12 < wy + wh; ty += 18, line++)
        {
            var length = 20 + (int)(Hash((uint)line) % (uint)Math.Max(1, (ww - 40) / 7 - 20));
            for (var c = 0; c < length; c++)
            {
                var glyph = Hash((uint)((line * 131) + c));
                if (glyph % 7 == 0)
                {
                    continue; // a space
                }

                DrawGlyph(bgrx, width, height, stride, wx + 16 + (c * 7), ty, glyph);
            }
        }

        var phase = index % 120;
        DrawBox(bgrx, width, height, stride, wx + 20 + (phase * (ww - 80) / 120), wy + (wh / 2), 32, 32, 0xD03020);
    }

    private static void DrawGlyph(Span<byte> bgrx, int width, int height, int stride, int x0, int y0, uint bits)
    {
        for (var gy = 0; gy < 9; gy++)
        {
            var rowBits = Hash(bits + (uint)gy);
            for (var gx = 0; gx < 5; gx++)
            {
                if (((rowBits >> gx) & 1) != 0)
                {
                    var x = x0 + gx;
                    var y = y0 + gy;
                    if (x < width && y < height)
                    {
                        Put(bgrx.Slice(y * stride), x, 0x202020);
                    }
                }
            }
        }
    }

    private static void DrawBox(Span<byte> bgrx, int width, int height, int stride, int x0, int y0, int w, int h, uint rgb)
    {
        for (var y = Math.Max(0, y0); y < Math.Min(height, y0 + h); y++)
        {
            var row = bgrx.Slice(y * stride);
            for (var x = Math.Max(0, x0); x < Math.Min(width, x0 + w); x++)
            {
                Put(row, x, rgb);
            }
        }
    }

    private static void Put(Span<byte> row, int x, uint rgb)
    {
        row[x * 4] = (byte)rgb;
        row[(x * 4) + 1] = (byte)(rgb >> 8);
        row[(x * 4) + 2] = (byte)(rgb >> 16);
        row[(x * 4) + 3] = 0xFF;
    }

    private static uint Hash(uint value)
    {
        value ^= value >> 16;
        value *= 0x7feb352d;
        value ^= value >> 15;
        value *= 0x846ca68b;
        value ^= value >> 16;
        return value;
    }
}
