namespace WlWebRtc.LatencyProbe.Content;

/// <summary>Draws the top strip every content profile keeps: the latency barcode, black to the right of it.</summary>
public static class BarcodeStrip
{
    private const uint Black = 0xFF000000;
    private const uint White = 0xFFFFFFFF;

    /// <summary>The strip's rectangle in a frame of <paramref name="width"/> columns.</summary>
    public static ContentRect Rect(int width) => new(0, 0, width, LatencyBarcode.BlockSize);

    /// <summary>Writes the barcode for a capture time and frame counter into the top <see cref="LatencyBarcode.BlockSize"/> rows.</summary>
    public static void Draw(Span<byte> bgrx, int width, int stride, uint unixMillisecondsLow32, ushort counter)
    {
        var payload = LatencyBarcode.Encode(unixMillisecondsLow32, counter);
        for (var i = 0; i < LatencyBarcode.BitCount; i++)
        {
            var bit = (payload >> (LatencyBarcode.BitCount - 1 - i)) & 1;
            Bgrx.Fill(bgrx, stride, i * LatencyBarcode.BlockSize, 0, LatencyBarcode.BlockSize, LatencyBarcode.BlockSize, bit == 1 ? White : Black);
        }

        if (width > LatencyBarcode.Width)
        {
            Bgrx.Fill(bgrx, stride, LatencyBarcode.Width, 0, width - LatencyBarcode.Width, LatencyBarcode.BlockSize, Black);
        }
    }
}
