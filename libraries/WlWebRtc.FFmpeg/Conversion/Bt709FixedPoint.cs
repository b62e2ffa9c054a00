namespace WlWebRtc.FFmpeg.Conversion;

/// <summary>
/// BT.709 full-range RGB → limited-range Y'CbCr in 15-bit fixed point, laid out by byte offset inside a packed pixel
/// (the coefficient of the ignored fourth byte is zero). Luma: Y = (ΣY·c + <see cref="LumaBias"/>) &gt;&gt; 15.
/// Chroma takes the sum of a 2x2 block, so its shift is two more: C = (ΣC·s + <see cref="ChromaBias"/>) &gt;&gt; 17.
/// Every coefficient is within 0.5/32768 of the real one, so the result is within 0.5 + 3·255·0.5/32768 (&lt; 0.52)
/// of the real-valued formula. Every kernel evaluates exactly these integer sums, which is why they agree byte for byte.
/// </summary>
internal readonly struct Bt709FixedPoint
{
    public const int LumaShift = 15;
    public const int ChromaShift = LumaShift + 2;

    /// <summary>16 (black) in the luma scale plus one half for rounding to nearest.</summary>
    public const int LumaBias = (16 << LumaShift) + (1 << (LumaShift - 1));

    /// <summary>128 (no colour) in the scale of a 4-pixel sum plus one half for rounding to nearest.</summary>
    public const int ChromaBias = (128 << ChromaShift) + (1 << (ChromaShift - 1));

    // BT.709 luma weights; limited range maps full-range 0..255 to 16..235 (luma) and 16..240 (chroma).
    private const double Kr = 0.2126;
    private const double Kb = 0.0722;
    private const double Kg = 1 - Kr - Kb;
    private const double LumaScale = 219.0 / 255.0;
    private const double ChromaScale = 224.0 / 255.0;
    private const double One = 1 << LumaShift;

    public Bt709FixedPoint(PackedRgbOrder order)
    {
        if (!order.IsValid)
        {
            throw new FFmpegException($"channel offsets {order} are not three distinct bytes of a 4-byte pixel");
        }

        var yr = Fixed(Kr * LumaScale);
        var yg = Fixed(Kg * LumaScale);
        var yb = Fixed(Kb * LumaScale);

        // Cb = (B - Y') / (2 (1 - Kb)), Cr = (R - Y') / (2 (1 - Kr)); green takes up the rounding so that each row sums
        // to exactly zero and every grey gives exactly 128.
        var cbr = Fixed(-Kr / (2 * (1 - Kb)) * ChromaScale);
        var cbb = Fixed(0.5 * ChromaScale);
        var cbg = (short)(-(cbr + cbb));
        var crr = Fixed(0.5 * ChromaScale);
        var crb = Fixed(-Kb / (2 * (1 - Kr)) * ChromaScale);
        var crg = (short)(-(crr + crb));

        Span<short> y = stackalloc short[4];
        Span<short> cb = stackalloc short[4];
        Span<short> cr = stackalloc short[4];
        (y[order.Red], y[order.Green], y[order.Blue]) = (yr, yg, yb);
        (cb[order.Red], cb[order.Green], cb[order.Blue]) = (cbr, cbg, cbb);
        (cr[order.Red], cr[order.Green], cr[order.Blue]) = (crr, crg, crb);
        (Y0, Y1, Y2, Y3) = (y[0], y[1], y[2], y[3]);
        (Cb0, Cb1, Cb2, Cb3) = (cb[0], cb[1], cb[2], cb[3]);
        (Cr0, Cr1, Cr2, Cr3) = (cr[0], cr[1], cr[2], cr[3]);
    }

    public short Y0 { get; }

    public short Y1 { get; }

    public short Y2 { get; }

    public short Y3 { get; }

    public short Cb0 { get; }

    public short Cb1 { get; }

    public short Cb2 { get; }

    public short Cb3 { get; }

    public short Cr0 { get; }

    public short Cr1 { get; }

    public short Cr2 { get; }

    public short Cr3 { get; }

    private static short Fixed(double value) => (short)Math.Round(value * One, MidpointRounding.AwayFromZero);
}
