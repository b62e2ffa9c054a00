namespace WlWebRtc.Encoder.Tests.Conversion;

/// <summary>
/// The real-valued BT.709 conversion (ITU-R BT.709-6 item 3.2/3.3 with 8-bit limited-range quantisation), written
/// independently of the converter's fixed point: full-range R'G'B' in 0..255, Y' 16..235, Cb/Cr 16..240.
/// </summary>
internal static class Bt709Exact
{
    private const double Kr = 0.2126;
    private const double Kb = 0.0722;

    public static double Luma(double r, double g, double b) => 16 + (219 * Weighted(r, g, b) / 255);

    public static double Cb(double r, double g, double b) => 128 + (224 * (b - Weighted(r, g, b)) / (1.8556 * 255));

    public static double Cr(double r, double g, double b) => 128 + (224 * (r - Weighted(r, g, b)) / (1.5748 * 255));

    private static double Weighted(double r, double g, double b) => (Kr * r) + ((1 - Kr - Kb) * g) + (Kb * b);
}
