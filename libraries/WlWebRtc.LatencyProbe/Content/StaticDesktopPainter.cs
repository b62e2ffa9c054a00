namespace WlWebRtc.LatencyProbe.Content;

/// <summary>
/// A still desktop: a gradient wallpaper, a window with a title bar and lines of dark text on white, and a text
/// cursor after the last line that blinks (500 ms on, 500 ms off). Only the cursor ever changes.
/// </summary>
internal sealed class StaticDesktopPainter : ContentPainter
{
    private const uint WindowColour = 0xFFF8F8F8;
    private const uint TitleColour = 0xFF3060A0;
    private const uint TextColour = 0xFF202020;
    private readonly GlyphAtlas _atlas = new(WindowColour, [TextColour, 0xFF2050A0, 0xFF207030]);
    private readonly int _windowX;
    private readonly int _windowY;
    private readonly int _windowWidth;
    private readonly int _windowHeight;
    private readonly int _titleHeight;
    private bool _painted;

    public StaticDesktopPainter(int width, int height, int frameRate)
        : base(width, height, frameRate)
    {
        _windowX = width / 10;
        _windowY = Top + ((height - Top) / 10);
        _windowWidth = width * 7 / 10;
        _windowHeight = (height - Top) * 7 / 10;
        _titleHeight = Math.Min(28, _windowHeight / 3);
        Cursor = CursorRect();
    }

    /// <summary>Where the text cursor blinks.</summary>
    public ContentRect Cursor { get; }

    private int Columns => (_windowWidth - 16) / GlyphAtlas.CellWidth;

    private int TextTop => _windowY + _titleHeight + 4;

    /// <summary>Whether the cursor shows in a frame: on for the first half of every second.</summary>
    public bool CursorVisible(long frame) => frame * 2 / FrameRate % 2 == 0;

    protected override void PaintCore(Span<byte> bgrx, int stride, long frame)
    {
        if (!_painted)
        {
            PaintDesktop(bgrx, stride);
            _painted = true;
        }

        Bgrx.Fill(bgrx, stride, Cursor.X, Cursor.Y, Cursor.Width, Cursor.Height, CursorVisible(frame) ? TextColour : WindowColour);
    }

    protected override IReadOnlyList<ContentRect> ChangesCore(long frame) =>
        CursorVisible(frame) == CursorVisible(frame - 1) ? [] : [Cursor];

    private void PaintDesktop(Span<byte> bgrx, int stride)
    {
        for (var y = Top; y < Height; y++)
        {
            var row = Bgrx.Row(bgrx, stride, y, Width);
            var g = 40 + ((y - Top) * 120 / (Height - Top));
            for (var x = 0; x < Width; x++)
            {
                row[x] = Bgrx.Rgb(20 + (x * 60 / Width), g, 0xA0);
            }
        }

        Bgrx.Fill(bgrx, stride, _windowX, _windowY, _windowWidth, _titleHeight, TitleColour);
        Bgrx.Fill(bgrx, stride, _windowX, _windowY + _titleHeight, _windowWidth, _windowHeight - _titleHeight, WindowColour);
        for (var line = 0; TextTop + ((line + 1) * GlyphAtlas.CellHeight) <= _windowY + _windowHeight; line++)
        {
            var length = LineLength(line);
            for (var c = 0; c < length; c++)
            {
                var glyph = Bgrx.Hash((uint)((line * 131) + c));
                if (glyph % 7 != 0)
                {
                    _atlas.Draw(bgrx, stride, _windowX + 8 + (c * GlyphAtlas.CellWidth), TextTop + (line * GlyphAtlas.CellHeight), (int)(glyph >> 8), line % 5 == 0 ? 1 : 0);
                }
            }
        }
    }

    private int LineCount => Math.Max(0, (_windowY + _windowHeight - TextTop) / GlyphAtlas.CellHeight);

    private int LineLength(int line) => line == LineCount - 1 ? Math.Min(Columns - 1, 12) : (int)(Bgrx.Hash((uint)line) % (uint)Math.Max(1, Columns));

    private ContentRect CursorRect()
    {
        var line = Math.Max(0, LineCount - 1);
        var x = Math.Min(_windowX + 8 + (LineLength(line) * GlyphAtlas.CellWidth), Width - GlyphAtlas.CellWidth);
        var y = Math.Min(TextTop + (line * GlyphAtlas.CellHeight), Height - 1);
        return new ContentRect(x, y, GlyphAtlas.CellWidth, Math.Min(GlyphAtlas.CellHeight, Height - y));
    }
}
