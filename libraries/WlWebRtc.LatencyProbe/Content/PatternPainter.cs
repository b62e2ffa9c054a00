namespace WlWebRtc.LatencyProbe.Content;

/// <summary>
/// The probe pattern: colour quadrants and the moving grey box. The background is drawn once per buffer; then only
/// the box moves (erasing where it was in this buffer's previous frame), a few kilobytes of writes per frame.
/// </summary>
internal sealed class PatternPainter : ContentPainter
{
    private readonly uint[] _quadrantColours = new uint[4];
    private bool _painted;
    private int _boxX = -1;

    public PatternPainter(int width, int height, int frameRate)
        : base(width, height, frameRate)
    {
        var rgb = LatencyProbePattern.QuadrantRgb;
        for (var q = 0; q < 4; q++)
        {
            _quadrantColours[q] = Bgrx.Rgb(rgb[q * 3], rgb[(q * 3) + 1], rgb[(q * 3) + 2]);
        }
    }

    protected override void PaintCore(Span<byte> bgrx, int stride, long frame)
    {
        if (!_painted)
        {
            FillBackground(bgrx, stride, 0, Top, Width, Height - Top);
            _painted = true;
        }

        var (x, y) = LatencyProbePattern.BoxPosition(frame, Width, Height);
        var boxHeight = LatencyProbePattern.BoxHeight(Height);
        if (_boxX >= 0)
        {
            FillBackground(bgrx, stride, _boxX, y, LatencyProbePattern.BoxSize, boxHeight);
        }

        const byte grey = LatencyProbePattern.BoxGrey;
        Bgrx.Fill(bgrx, stride, x, y, LatencyProbePattern.BoxSize, boxHeight, Bgrx.Rgb(grey, grey, grey));
        _boxX = x;
    }

    protected override IReadOnlyList<ContentRect> ChangesCore(long frame)
    {
        var (x, y) = LatencyProbePattern.BoxPosition(frame, Width, Height);
        var (previousX, _) = LatencyProbePattern.BoxPosition(frame - 1, Width, Height);
        var boxHeight = LatencyProbePattern.BoxHeight(Height);
        return [new ContentRect(previousX, y, LatencyProbePattern.BoxSize, boxHeight), new ContentRect(x, y, LatencyProbePattern.BoxSize, boxHeight)];
    }

    /// <summary>Paints the quadrant colours into a rectangle below the strip.</summary>
    private void FillBackground(Span<byte> bgrx, int stride, int x, int y, int width, int height)
    {
        var (midX, midY) = LatencyProbePattern.QuadrantSplit(Width, Height);
        var top = Math.Max(y, Top);
        var bottom = y + height;
        var right = x + width;
        FillClipped(bgrx, stride, x, top, Math.Min(right, midX), Math.Min(bottom, midY), _quadrantColours[0]);
        FillClipped(bgrx, stride, Math.Max(x, midX), top, right, Math.Min(bottom, midY), _quadrantColours[1]);
        FillClipped(bgrx, stride, x, Math.Max(top, midY), Math.Min(right, midX), bottom, _quadrantColours[2]);
        FillClipped(bgrx, stride, Math.Max(x, midX), Math.Max(top, midY), right, bottom, _quadrantColours[3]);
    }

    private static void FillClipped(Span<byte> bgrx, int stride, int left, int top, int right, int bottom, uint colour)
    {
        if (right > left && bottom > top)
        {
            Bgrx.Fill(bgrx, stride, left, top, right - left, bottom - top, colour);
        }
    }
}
