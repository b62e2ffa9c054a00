namespace WlWebRtc.FFmpeg.Benchmark;

/// <summary>
/// Luma PSNR of decoded pictures against their BGRx source (BT.709 limited range luma computed here, so the figure
/// includes the small rounding of the colour conversion: identical pictures read about 50 dB, not infinity).
/// </summary>
internal static class LumaPsnr
{
    /// <summary>BT.709 limited-range luma of a BGRx frame, one byte per pixel.</summary>
    public static byte[] Luma(ReadOnlySpan<byte> bgrx, int width, int height, int stride)
    {
        var luma = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            var row = bgrx.Slice(y * stride, width * 4);
            for (var x = 0; x < width; x++)
            {
                int b = row[x * 4], g = row[(x * 4) + 1], r = row[(x * 4) + 2];
                luma[(y * width) + x] = (byte)(16 + (((47 * r) + (157 * g) + (16 * b) + 128) >> 8));
            }
        }

        return luma;
    }

    /// <summary>PSNR in dB of two planes of equal size; 99 when they are identical.</summary>
    public static double Of(ReadOnlySpan<byte> reference, ReadOnlySpan<byte> decoded)
    {
        if (reference.Length != decoded.Length || reference.Length == 0)
        {
            throw new ArgumentException("planes differ in size");
        }

        long sum = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            var d = reference[i] - decoded[i];
            sum += d * d;
        }

        if (sum == 0)
        {
            return 99;
        }

        var mse = sum / (double)reference.Length;
        return 10 * Math.Log10(255.0 * 255.0 / mse);
    }
}
