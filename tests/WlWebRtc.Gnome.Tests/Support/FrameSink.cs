using WlWebRtc.Capture;
using WlWebRtc.Media;

namespace WlWebRtc.Gnome.Tests.Support;

/// <summary>Keeps a copy of the newest frame's pixels and the stop reason.</summary>
internal sealed class FrameSink : IVideoFrameSink
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<Exception?> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Snapshot? _latest;
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public Task<Exception?> Stopped => _stopped.Task;

    public Snapshot? Latest
    {
        get
        {
            lock (_gate)
            {
                return _latest;
            }
        }
    }

    public void OnFrame(VideoFrame frame)
    {
        using (frame)
        {
            var snapshot = new Snapshot(frame.Width, frame.Height, frame.Format, frame.Planes[0].Stride, frame.GetBytes()[frame.Planes[0].Offset..].ToArray(), frame.Sequence);
            lock (_gate)
            {
                _latest = snapshot;
            }

            Interlocked.Increment(ref _count);
        }
    }

    public void OnStopped(Exception? failure) => _stopped.TrySetResult(failure);

    public void OnCursor(CursorInfo cursor)
    {
        lock (_gate)
        {
            Cursor = cursor;
            if (cursor.BitmapWidth > 0)
            {
                CursorImage = cursor;
                CursorImages++;
            }
        }
    }

    /// <summary>The newest cursor the source reported as metadata.</summary>
    public CursorInfo? Cursor { get; private set; }

    /// <summary>The newest cursor report that carried a bitmap.</summary>
    public CursorInfo? CursorImage { get; private set; }

    /// <summary>Cursor reports with a bitmap so far.</summary>
    public int CursorImages { get; private set; }

    /// <summary>A frame's pixels (BGRx/BGRA: 4 bytes a pixel).</summary>
    internal sealed record Snapshot(int Width, int Height, PixelFormat Format, int Stride, byte[] Pixels, long Sequence)
    {
        public uint Pixel(int x, int y)
        {
            var offset = (y * Stride) + (x * 4);
            return (uint)(Pixels[offset] | (Pixels[offset + 1] << 8) | (Pixels[offset + 2] << 16));
        }

        /// <summary>Pixels in the box [x, x+size) × [y, y+size) that differ from <paramref name="background"/>.</summary>
        public int DifferentPixels(int x, int y, int size, uint background)
        {
            var count = 0;
            for (var row = Math.Max(0, y); row < Math.Min(Height, y + size); row++)
            {
                for (var column = Math.Max(0, x); column < Math.Min(Width, x + size); column++)
                {
                    if (Pixel(column, row) != background)
                    {
                        count++;
                    }
                }
            }

            return count;
        }
    }
}
