namespace WlWebRtc.LatencyProbe.Content;

/// <summary>
/// Text-like glyphs in 8x16 cells, rendered once per (glyph, colour) on one background so that drawing a cell is a
/// copy of 16 rows of 8 pixels. Each glyph is a fixed pseudo-random 6x10 bitmap: it has the edges and the entropy of
/// real text without a font.
/// </summary>
internal sealed class GlyphAtlas
{
    public const int CellWidth = 8;
    public const int CellHeight = 16;
    public const int GlyphCount = 94;
    private const int CellPixels = CellWidth * CellHeight;
    private readonly uint[] _cells;

    public GlyphAtlas(uint background, IReadOnlyList<uint> colours)
    {
        Background = background;
        ColourCount = colours.Count;
        _cells = new uint[GlyphCount * colours.Count * CellPixels];
        for (var c = 0; c < colours.Count; c++)
        {
            for (var g = 0; g < GlyphCount; g++)
            {
                var cell = _cells.AsSpan(((c * GlyphCount) + g) * CellPixels, CellPixels);
                cell.Fill(background);
                for (var y = 0; y < 10; y++)
                {
                    var bits = Bgrx.Hash((uint)((g * 16) + y + 1));
                    for (var x = 0; x < 6; x++)
                    {
                        if (((bits >> x) & 3) == 3 || ((bits >> (x + 8)) & 1) == 1)
                        {
                            cell[((y + 3) * CellWidth) + x + 1] = colours[c];
                        }
                    }
                }
            }
        }
    }

    public uint Background { get; }

    public int ColourCount { get; }

    /// <summary>Copies a glyph cell (glyph and colour taken modulo their counts) with its top-left at (x, y).</summary>
    public void Draw(Span<byte> bgrx, int stride, int x, int y, int glyph, int colour)
    {
        var index = (((colour % ColourCount) * GlyphCount) + (glyph % GlyphCount)) * CellPixels;
        for (var row = 0; row < CellHeight; row++)
        {
            _cells.AsSpan(index + (row * CellWidth), CellWidth).CopyTo(Bgrx.Row(bgrx, stride, y + row, x + CellWidth)[x..]);
        }
    }
}
