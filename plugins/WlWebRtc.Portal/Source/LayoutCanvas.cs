using System.Buffers;
using WlWebRtc.Capture;
using WlWebRtc.Media;

namespace WlWebRtc.Portal.Source;

/// <summary>
/// All outputs side by side (issue 16): one picture of the desktop's layout, into which each output's cast copies its
/// frames at the output's place (layout position minus the layout's top-left corner); every copied frame sends the
/// whole picture on to the pipeline's sink, so the encoder sees one stream as usual. The picture is the layout's
/// bounding box (logical pixels) times <see cref="Scale"/>, the largest output scale: an output of that scale is copied
/// pixel for pixel, one of a smaller scale is enlarged to its logical size times that scale (nearest pixel), so no
/// HiDPI output loses detail or is clipped, and every output keeps its logical place. A point's share of the picture
/// is so its share of the layout, which is how a virtual pointer that is bound to no output maps absolute motion, and
/// clicks land on the output under them. A frame of another size than its output's (a mode change not yet listed)
/// is fitted to its place the same way. Areas no output covers stay black. Only packed 4-byte frames the CPU can read are copied (what xdg-desktop-portal-wlr sends without a GPU);
/// others are dropped. Thread-safe: each cast calls from its own thread.
/// </summary>
internal sealed class LayoutCanvas
{
    private const int BytesPerPixel = 4;

    /// <summary>The longest side of the picture.</summary>
    private const int MaxSide = 16384;

    private readonly IVideoFrameSink _target;
    private readonly Region[] _regions;
    private readonly Lock _gate = new();
    private readonly byte[] _pixels;
    private PixelFormat _format = PixelFormat.Unknown;
    private long _sequence;
    private int _stopped;

    /// <param name="outputs">The outputs in the picture (at least one), with their layout positions and sizes.</param>
    /// <param name="target">The pipeline's sink.</param>
    public LayoutCanvas(IReadOnlyList<DesktopOutput> outputs, IVideoFrameSink target)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(target);
        if (outputs.Count == 0)
        {
            throw new ArgumentException("A layout picture needs at least one output.", nameof(outputs));
        }

        var left = outputs.Min(o => o.X);
        var top = outputs.Min(o => o.Y);
        var logicalWidth = outputs.Max(o => o.X + LogicalWidth(o)) - left;
        var logicalHeight = outputs.Max(o => o.Y + LogicalHeight(o)) - top;
        if (logicalWidth <= 0 || logicalHeight <= 0)
        {
            throw new ArgumentException($"The layout's bounding box {logicalWidth}x{logicalHeight} cannot be one picture.", nameof(outputs));
        }

        // the largest scale, lowered as far as needed for the picture to stay within MaxSide
        Scale = Math.Min(outputs.Max(ScaleOf), Math.Min(MaxSide / (double)logicalWidth, MaxSide / (double)logicalHeight));
        Width = Even((int)Math.Round(logicalWidth * Scale));
        Height = Even((int)Math.Round(logicalHeight * Scale));
        if (Width is <= 0 or > MaxSide + 1 || Height is <= 0 or > MaxSide + 1)
        {
            throw new ArgumentException($"The layout's bounding box {logicalWidth}x{logicalHeight} cannot be one picture.", nameof(outputs));
        }

        _regions = [.. outputs.Select(o => new Region(
            o.Name,
            (int)Math.Round((o.X - left) * Scale),
            (int)Math.Round((o.Y - top) * Scale),
            Math.Max(1, (int)Math.Round(o.Width / ScaleOf(o) * Scale)),
            Math.Max(1, (int)Math.Round(o.Height / ScaleOf(o) * Scale))))];
        _target = target;
        _pixels = new byte[Width * Height * BytesPerPixel];
    }

    /// <summary>Picture pixels per logical pixel of the layout: the largest output scale (lower only for a huge layout).</summary>
    public double Scale { get; }

    /// <summary>Where output <paramref name="index"/> lies in the picture: left, top, width, height in picture pixels.</summary>
    public (int X, int Y, int Width, int Height) PlaceOf(int index) => _regions[index] is var r ? (r.X, r.Y, r.Width, r.Height) : default;

    /// <summary>The picture's width in pixels (even: 4:2:0 encoders need it).</summary>
    public int Width { get; }

    /// <summary>The picture's height in pixels (even).</summary>
    public int Height { get; }

    /// <summary>Frames dropped because they were not packed 4-byte CPU frames.</summary>
    public long Dropped { get; private set; }

    /// <summary>The sink the cast of output <paramref name="index"/> (in the order given) delivers to.</summary>
    public IVideoFrameSink SinkFor(int index) => new RegionSink(this, index);

    private void OnRegionFrame(int index, VideoFrame frame)
    {
        using (frame)
        {
            if (Volatile.Read(ref _stopped) != 0)
            {
                return;
            }

            if ((frame.Memory & FrameMemoryKinds.CpuReadable) == 0 || frame.Planes.Count != 1 || frame.Format is not (PixelFormat.Bgrx or PixelFormat.Bgra or PixelFormat.Rgbx or PixelFormat.Rgba or PixelFormat.Xbgr or PixelFormat.Xrgb))
            {
                lock (_gate)
                {
                    Dropped++;
                }

                return;
            }

            var region = _regions[index];
            var plane = frame.Planes[0];
            var source = frame.GetBytes();
            var columns = Math.Min(region.Width, Width - region.X);
            var rows = Math.Min(region.Height, Height - region.Y);
            var exact = frame.Width == region.Width && frame.Height == region.Height;
            PooledPicture picture;
            lock (_gate)
            {
                // the first frame's byte order is the picture's; a cast of another 4-byte order would show false colours, so it is dropped
                if (_format == PixelFormat.Unknown)
                {
                    _format = Opaque(frame.Format);
                }
                else if (Opaque(frame.Format) != _format)
                {
                    Dropped++;
                    return;
                }

                for (var row = 0; row < rows; row++)
                {
                    var sourceRow = exact ? row : (int)((long)row * frame.Height / region.Height);
                    var from = plane.Offset + (sourceRow * plane.Stride);
                    var to = _pixels.AsSpan((((region.Y + row) * Width) + region.X) * BytesPerPixel, columns * BytesPerPixel);
                    if (exact)
                    {
                        if (from + (columns * BytesPerPixel) > source.Length)
                        {
                            break;
                        }

                        source.Slice(from, columns * BytesPerPixel).CopyTo(to);
                        continue;
                    }

                    if (from + (frame.Width * BytesPerPixel) > source.Length)
                    {
                        break;
                    }

                    // nearest pixel: each picture pixel takes the frame's pixel under its left/top edge
                    var line = source.Slice(from, frame.Width * BytesPerPixel);
                    for (var column = 0; column < columns; column++)
                    {
                        var sourceColumn = (int)((long)column * frame.Width / region.Width);
                        line.Slice(sourceColumn * BytesPerPixel, BytesPerPixel).CopyTo(to.Slice(column * BytesPerPixel));
                    }
                }

                picture = new PooledPicture(_pixels, _format, Width, Height, ++_sequence, frame.CaptureTime);
            }

            _target.OnFrame(picture);
        }
    }

    private void OnRegionStopped(Exception? failure)
    {
        // the first cast to end ends the picture (a failed one says why); the others' ends are the same stop
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            _target.OnStopped(failure);
        }
    }

    private static PixelFormat Opaque(PixelFormat format) => format switch
    {
        PixelFormat.Bgra => PixelFormat.Bgrx,
        PixelFormat.Rgba => PixelFormat.Rgbx,
        _ => format,
    };

    private static double ScaleOf(DesktopOutput output) => output.Scale > 0 ? output.Scale : 1;

    private static int LogicalWidth(DesktopOutput output) => (int)Math.Round(output.Width / ScaleOf(output));

    private static int LogicalHeight(DesktopOutput output) => (int)Math.Round(output.Height / ScaleOf(output));

    private static int Even(int value) => value + (value & 1);

    private sealed record Region(string Name, int X, int Y, int Width, int Height);

    private sealed class RegionSink(LayoutCanvas canvas, int index) : IVideoFrameSink
    {
        public void OnFrame(VideoFrame frame) => canvas.OnRegionFrame(index, frame);

        public void OnStopped(Exception? failure) => canvas.OnRegionStopped(failure);
    }

    /// <summary>A copy of the picture in a pooled array, returned to the pool on dispose.</summary>
    private sealed class PooledPicture : VideoFrame
    {
        private readonly FramePlane[] _planes;
        private byte[]? _pixels;

        public PooledPicture(byte[] picture, PixelFormat format, int width, int height, long sequence, CaptureTime captureTime)
            : base(format, width, height, FrameMemoryKinds.Cpu, captureTime, sequence)
        {
            var length = width * height * BytesPerPixel;
            _pixels = ArrayPool<byte>.Shared.Rent(length);
            picture.AsSpan(0, length).CopyTo(_pixels);
            _planes = [new FramePlane(0, width * BytesPerPixel, length)];
        }

        public override IReadOnlyList<FramePlane> Planes => _planes;

        protected override ReadOnlySpan<byte> GetBytesCore() => _pixels.AsSpan(0, _planes[0].Length);

        protected override void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref _pixels, null) is { } pixels)
            {
                ArrayPool<byte>.Shared.Return(pixels);
            }
        }
    }
}
