namespace WlWebRtc.LatencyProbe.Content;

/// <summary>
/// A full-screen terminal printing random text as fast as it scrolls: every frame the text moves up one line and a
/// new line of random glyphs (random length, now and then a coloured line) appears at the bottom. Frame N shows
/// lines N to N + rows - 1, so the whole area changes every frame, mostly by a vertical shift of 16 rows.
/// </summary>
internal sealed class ScrollingTextPainter : ContentPainter
{
    private const uint Background = 0xFF101010;
    private static readonly GlyphAtlas Atlas = new(Background, [0xFFC8C8C8, 0xFF60D060, 0xFF6090F0, 0xFFE0C050, 0xFFE06060]);
    private readonly int _rows;
    private readonly int _columns;

    public ScrollingTextPainter(int width, int height, int frameRate)
        : base(width, height, frameRate)
    {
        _rows = (height - Top) / GlyphAtlas.CellHeight;
        _columns = width / GlyphAtlas.CellWidth;
    }

    /// <summary>How many glyph cells line <paramref name="line"/> (counted since the first frame) holds.</summary>
    public int LineLength(long line)
    {
        var hash = Bgrx.Hash((uint)line ^ 0x5bd1e995);
        return hash % 8 == 0 ? 0 : (int)(hash % (uint)(_columns + 1));
    }

    protected override void PaintCore(Span<byte> bgrx, int stride, long frame)
    {
        for (var row = 0; row < _rows; row++)
        {
            var line = frame + row;
            var y = Top + (row * GlyphAtlas.CellHeight);
            var length = LineLength(line);
            var colour = (int)(Bgrx.Hash((uint)line) % 6 == 0 ? 1 + (Bgrx.Hash((uint)line + 7) % 4) : 0);
            for (var c = 0; c < length; c++)
            {
                var glyph = Bgrx.Hash((uint)((line * 977) + c));
                Atlas.Draw(bgrx, stride, c * GlyphAtlas.CellWidth, y, (int)(glyph % 97), colour);
            }

            var rest = Width - (length * GlyphAtlas.CellWidth);
            if (rest > 0)
            {
                Bgrx.Fill(bgrx, stride, length * GlyphAtlas.CellWidth, y, rest, GlyphAtlas.CellHeight, Background);
            }
        }

        var bottom = Top + (_rows * GlyphAtlas.CellHeight);
        if (bottom < Height)
        {
            Bgrx.Fill(bgrx, stride, 0, bottom, Width, Height - bottom, Background);
        }
    }

    protected override IReadOnlyList<ContentRect> ChangesCore(long frame) => [Area];
}
