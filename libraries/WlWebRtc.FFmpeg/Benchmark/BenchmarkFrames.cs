using WlWebRtc.FFmpeg.Frames;
using WlWebRtc.LatencyProbe.Content;

namespace WlWebRtc.FFmpeg.Benchmark;

/// <summary>
/// The frames the encode benchmark feeds: either eight synthetic desktop frames cycled, or a test pattern content
/// profile painted frame by frame (two buffers, each with its own painter, as the capture's pool does).
/// </summary>
internal sealed class BenchmarkFrames
{
    private const int DistinctDesktopFrames = 8;
    private readonly byte[][] _buffers;
    private readonly ContentPainter[] _painters;

    private BenchmarkFrames(string name, byte[][] buffers, ContentPainter[] painters, int width, int height)
    {
        Name = name;
        _buffers = buffers;
        _painters = painters;
        Width = width;
        Height = height;
    }

    public string Name { get; }

    public int Width { get; }

    public int Height { get; }

    public int Stride => Width * 4;

    /// <summary>The distinct desktop frames (for the ffmpeg reference), or null for a content profile.</summary>
    public IReadOnlyList<byte[]>? Cycled => _painters.Length == 0 ? _buffers : null;

    public static BenchmarkFrames Desktop(int width, int height)
    {
        var frames = new byte[DistinctDesktopFrames][];
        for (var i = 0; i < frames.Length; i++)
        {
            frames[i] = new byte[width * 4 * height];
            SyntheticFrames.Desktop(frames[i], width, height, width * 4, i * 15);
        }

        return new BenchmarkFrames("desktop", frames, [], width, height);
    }

    public static BenchmarkFrames Content(TestContent content, int width, int height, int frameRate) =>
        new(TestContentNames.Of(content), [new byte[width * 4 * height], new byte[width * 4 * height]],
            [ContentPainter.Create(content, width, height, frameRate), ContentPainter.Create(content, width, height, frameRate)], width, height);

    /// <summary>The pixels of frame <paramref name="index"/>, valid until the call for index + 2.</summary>
    public byte[] Frame(int index)
    {
        if (_painters.Length == 0)
        {
            return _buffers[index % _buffers.Length];
        }

        var buffer = _buffers[index % 2];
        _painters[index % 2].Paint(buffer, Stride, index);
        BarcodeStrip.Draw(buffer, Width, Stride, (uint)(index * 33), (ushort)index);
        return buffer;
    }
}
