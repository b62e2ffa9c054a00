using WlWebRtc.LatencyProbe;
using WlWebRtc.LatencyProbe.Content;

namespace WlWebRtc.Capture.TestPattern;

/// <summary>
/// One BGRx buffer of the source's pool: the latency barcode in the top rows and the configured content below it,
/// painted by a painter that belongs to this buffer (it redraws only what changed since this buffer's last frame).
/// </summary>
internal sealed class PatternCanvas
{
    public PatternCanvas(int width, int height, TestContent content = TestContent.Pattern, int frameRate = TestPatternOptions.DefaultFrameRate)
    {
        Width = width;
        Height = height;
        Stride = width * 4;
        Pixels = new byte[Stride * height];
        Painter = ContentPainter.Create(content, width, height, frameRate);
    }

    public int Width { get; }

    public int Height { get; }

    public int Stride { get; }

    public byte[] Pixels { get; }

    /// <summary>This buffer's painter; also tells what changed from one frame to the next.</summary>
    public ContentPainter Painter { get; }

    /// <summary>Draws the frame for <paramref name="counter"/>.</summary>
    public void Draw(uint unixMillisecondsLow32, long counter)
    {
        Painter.Paint(Pixels, Stride, counter);
        BarcodeStrip.Draw(Pixels, Width, Stride, unixMillisecondsLow32, (ushort)counter);
    }
}
