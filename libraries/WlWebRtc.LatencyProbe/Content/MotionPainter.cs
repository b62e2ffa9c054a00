namespace WlWebRtc.LatencyProbe.Content;

/// <summary>
/// Full-screen motion that motion compensation only partly predicts: a noisy colour gradient (a texture made once
/// per size) in horizontal bands of 32 rows, each band sliding at its own speed (-12..12 px per frame) and drifting
/// vertically, plus one 16x16 block in sixteen refilled with fresh noise every frame (nothing to predict it from).
/// </summary>
internal sealed class MotionPainter : ContentPainter
{
    private const int BandHeight = 32;
    private const int BlockSize = 16;
    private static readonly Lock TextureLock = new();
    private static (int Width, int Height, uint[] Pixels)? s_texture;
    private readonly uint[] _texture;
    private readonly int _areaHeight;

    public MotionPainter(int width, int height, int frameRate)
        : base(width, height, frameRate)
    {
        _areaHeight = height - Top;
        _texture = Texture(width, _areaHeight);
    }

    /// <summary>Horizontal speed of a band in pixels per frame: never 0, so that every band moves.</summary>
    public static int BandSpeed(int band)
    {
        var speed = (int)(Bgrx.Hash((uint)band + 101) % 25) - 12;
        return speed == 0 ? 5 : speed;
    }

    /// <summary>Whether the 16x16 block at (column, row) of the area gets fresh noise in a frame.</summary>
    public static bool IsFreshBlock(long frame, int column, int row) => Bgrx.Hash((uint)((frame * 1_000_003) + (row * 4099) + column)) % 16 == 0;

    protected override void PaintCore(Span<byte> bgrx, int stride, long frame)
    {
        for (var y = 0; y < _areaHeight; y++)
        {
            var band = y / BandHeight;
            var sourceY = (int)((y + (frame * (band % 3))) % _areaHeight);
            var shift = (int)(((frame * BandSpeed(band)) % Width) + Width) % Width;
            var source = _texture.AsSpan(sourceY * Width, Width);
            var row = Bgrx.Row(bgrx, stride, Top + y, Width);
            source[shift..].CopyTo(row);
            source[..shift].CopyTo(row[(Width - shift)..]);
        }

        for (var blockY = 0; blockY + BlockSize <= _areaHeight; blockY += BlockSize)
        {
            for (var blockX = 0; blockX + BlockSize <= Width; blockX += BlockSize)
            {
                if (IsFreshBlock(frame, blockX / BlockSize, blockY / BlockSize))
                {
                    FreshNoise(bgrx, stride, blockX, Top + blockY, (uint)frame);
                }
            }
        }
    }

    protected override IReadOnlyList<ContentRect> ChangesCore(long frame) => [Area];

    private static void FreshNoise(Span<byte> bgrx, int stride, int x0, int y0, uint seed)
    {
        for (var y = y0; y < y0 + BlockSize; y++)
        {
            var row = Bgrx.Row(bgrx, stride, y, x0 + BlockSize);
            for (var x = x0; x < x0 + BlockSize; x++)
            {
                var noise = Bgrx.Hash((seed * 7919) + (uint)((y * 65_537) + x));
                row[x] = 0xFF000000u | (noise & 0x00FFFFFF);
            }
        }
    }

    /// <summary>The gradient with noise, made once for the last size asked for (every painter of a source shares it).</summary>
    private static uint[] Texture(int width, int height)
    {
        lock (TextureLock)
        {
            if (s_texture is { } cached && cached.Width == width && cached.Height == height)
            {
                return cached.Pixels;
            }

            var pixels = new uint[width * height];
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var noise = Bgrx.Hash((uint)((y * width) + x));
                    int Jitter(int bits) => (int)((noise >> bits) & 31) - 16;
                    pixels[(y * width) + x] = Bgrx.Rgb((x * 255 / width) + Jitter(0), (y * 255 / height) + Jitter(5), ((x + y) * 255 / (width + height)) + Jitter(10));
                }
            }

            s_texture = (width, height, pixels);
            return pixels;
        }
    }
}
