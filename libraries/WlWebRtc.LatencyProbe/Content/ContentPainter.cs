namespace WlWebRtc.LatencyProbe.Content;

/// <summary>
/// Paints one <see cref="TestContent"/> profile into the rows of a BGRx frame below the barcode strip. A painter
/// belongs to one buffer: it may remember what it left there to draw less next time, so a pool of buffers needs a
/// painter per buffer. What frame N shows depends on N alone (deterministic), whatever frame the buffer held before.
/// </summary>
public abstract class ContentPainter
{
    /// <summary>Creates the state shared by a profile's painters of one size.</summary>
    protected ContentPainter(int width, int height, int frameRate)
    {
        if (width < LatencyProbePattern.MinWidth || height < LatencyProbePattern.MinHeight || frameRate < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"content needs at least {LatencyProbePattern.MinWidth}x{LatencyProbePattern.MinHeight} at 1 fps or more");
        }

        Width = width;
        Height = height;
        FrameRate = frameRate;
    }

    /// <summary>Frame width in pixels.</summary>
    public int Width { get; }

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; }

    /// <summary>Frames per second (the cursor blinks in time, not in frames).</summary>
    public int FrameRate { get; }

    /// <summary>First row below the barcode strip.</summary>
    protected static int Top => LatencyBarcode.BlockSize;

    /// <summary>The whole area below the strip.</summary>
    protected ContentRect Area => new(0, Top, Width, Height - Top);

    /// <summary>A painter of <paramref name="content"/> for one buffer.</summary>
    public static ContentPainter Create(TestContent content, int width, int height, int frameRate) => content switch
    {
        TestContent.Pattern => new PatternPainter(width, height, frameRate),
        TestContent.Static => new StaticDesktopPainter(width, height, frameRate),
        TestContent.Scrolling => new ScrollingTextPainter(width, height, frameRate),
        TestContent.Motion => new MotionPainter(width, height, frameRate),
        _ => throw new ArgumentOutOfRangeException(nameof(content), content, "unknown test content"),
    };

    /// <summary>Paints frame <paramref name="frame"/> below the strip of a buffer of this painter's size.</summary>
    public void Paint(Span<byte> bgrx, int stride, long frame)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, Width * 4);
        ArgumentOutOfRangeException.ThrowIfLessThan(bgrx.Length, stride * Height);
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        PaintCore(bgrx, stride, frame);
    }

    /// <summary>The regions below the strip where frame <paramref name="frame"/> differs from the one before (all of it for frame 0).</summary>
    public IReadOnlyList<ContentRect> Changes(long frame) => frame == 0 ? [Area] : ChangesCore(frame);

    /// <summary>See <see cref="Paint"/>; arguments checked.</summary>
    protected abstract void PaintCore(Span<byte> bgrx, int stride, long frame);

    /// <summary>See <see cref="Changes"/>, for frames after the first.</summary>
    protected abstract IReadOnlyList<ContentRect> ChangesCore(long frame);
}
