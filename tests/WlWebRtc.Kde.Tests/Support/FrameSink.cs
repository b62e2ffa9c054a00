using WlWebRtc.Capture;
using WlWebRtc.Media;

namespace WlWebRtc.Kde.Tests.Support;

/// <summary>Counts frames and keeps a copy of the latest one's pixels (tightly packed 4 bytes a pixel).</summary>
internal sealed class FrameSink : IVideoFrameSink
{
    private readonly Lock _gate = new();
    private int _frames;
    private Exception? _failure;
    private bool _stopped;

    public int Frames => Volatile.Read(ref _frames);

    public (int Width, int Height, PixelFormat Format, byte[] Pixels)? Latest { get; private set; }

    public bool Stopped
    {
        get
        {
            lock (_gate)
            {
                return _stopped;
            }
        }
    }

    public Exception? Failure
    {
        get
        {
            lock (_gate)
            {
                return _failure;
            }
        }
    }

    public void OnFrame(VideoFrame frame)
    {
        using (frame)
        {
            var plane = frame.Planes[0];
            var bytes = frame.GetBytes();
            var pixels = new byte[frame.Width * frame.Height * 4];
            for (var row = 0; row < frame.Height; row++)
            {
                bytes.Slice(plane.Offset + (row * plane.Stride), frame.Width * 4).CopyTo(pixels.AsSpan(row * frame.Width * 4));
            }

            lock (_gate)
            {
                Latest = (frame.Width, frame.Height, frame.Format, pixels);
            }

            Interlocked.Increment(ref _frames);
        }
    }

    public void OnStopped(Exception? failure)
    {
        lock (_gate)
        {
            _stopped = true;
            _failure = failure;
        }
    }

    /// <summary>The B,G,R of the latest frame's centre pixel, for failure messages.</summary>
    public string CentrePixel()
    {
        if (Latest is not { } frame)
        {
            return "(no frame)";
        }

        var i = (((frame.Height / 2) * frame.Width) + (frame.Width / 2)) * 4;

        return $"B{frame.Pixels[i]} G{frame.Pixels[i + 1]} R{frame.Pixels[i + 2]}";
    }

    /// <summary>The bounding box of the pixels whose B,G,R are within 8 of <paramref name="bgr"/>, or null.</summary>
    public (int Left, int Top, int Right, int Bottom)? FindColour((byte B, byte G, byte R) bgr)
    {
        (int Width, int Height, PixelFormat Format, byte[] Pixels)? latest;
        lock (_gate)
        {
            latest = Latest;
        }

        if (latest is not { } frame)
        {
            return null;
        }

        int left = int.MaxValue, top = int.MaxValue, right = -1, bottom = -1;
        for (var y = 0; y < frame.Height; y++)
        {
            for (var x = 0; x < frame.Width; x++)
            {
                var i = ((y * frame.Width) + x) * 4;
                if (Math.Abs(frame.Pixels[i] - bgr.B) <= 8 && Math.Abs(frame.Pixels[i + 1] - bgr.G) <= 8 && Math.Abs(frame.Pixels[i + 2] - bgr.R) <= 8)
                {
                    left = Math.Min(left, x);
                    top = Math.Min(top, y);
                    right = Math.Max(right, x);
                    bottom = Math.Max(bottom, y);
                }
            }
        }

        return right < 0 ? null : (left, top, right, bottom);
    }
}
