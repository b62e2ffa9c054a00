using System.Buffers;
using WlWebRtc.Media;

namespace WlWebRtc.Host.Streaming.Degradation;

/// <summary>
/// Scales packed RGB frames (4 bytes a pixel, CPU memory) down for the degradation policy's resolution rungs:
/// bilinear at each output pixel's centre, which at 1/2 is the exact 2x2 average and at 3/4 blends at most 2x2
/// neighbours, so thin text lines fade rather than vanish. Runs on the encoder thread only at the lowest frame rate
/// (the policy shrinks the picture last), so its cost is a few milliseconds a handful of times a second; every encoder
/// plugin gets the smaller frame and reopens at its size (the encoders' own size-change path), without a contract of
/// its own. Tables are kept for the last source/target pair. Not thread-safe.
/// </summary>
internal sealed class FrameScaler
{
    private const int One = 256;

    private (int SourceWidth, int SourceHeight, int Width, int Height) _geometry;
    private int[] _column = [];
    private int[] _columnWeight = [];
    private int[] _row = [];
    private int[] _rowWeight = [];

    /// <summary>Whether <paramref name="frame"/> can be scaled here (DMA-BUF frames go to the encoder unscaled).</summary>
    public static bool CanScale(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return (frame.Memory & FrameMemoryKinds.CpuReadable) != 0 && frame.Format.IsPackedRgb() && frame.Planes.Count > 0;
    }

    /// <summary>A new frame of <paramref name="width"/> x <paramref name="height"/> with <paramref name="frame"/>'s picture; the caller owns both.</summary>
    public VideoFrame Scale(VideoFrame frame, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (_geometry != (frame.Width, frame.Height, width, height))
        {
            (_column, _columnWeight) = Taps(frame.Width, width);
            (_row, _rowWeight) = Taps(frame.Height, height);
            _geometry = (frame.Width, frame.Height, width, height);
        }

        var plane = frame.Planes[0];
        var source = frame.GetBytes();
        var stride = width * 4;
        var scaled = new ScaledVideoFrame(frame, width, height, stride);
        var target = scaled.Pixels;
        for (var y = 0; y < height; y++)
        {
            var top = source.Slice(plane.Offset + (_row[y] * plane.Stride), frame.Width * 4);
            var bottom = source.Slice(plane.Offset + (Math.Min(_row[y] + 1, frame.Height - 1) * plane.Stride), frame.Width * 4);
            ScaleRow(top, bottom, _rowWeight[y], target.Slice(y * stride, stride), frame.Width);
        }

        return scaled;
    }

    private void ScaleRow(ReadOnlySpan<byte> top, ReadOnlySpan<byte> bottom, int rowWeight, Span<byte> target, int sourceWidth)
    {
        var lastColumn = sourceWidth - 1;
        for (var x = 0; x < _column.Length; x++)
        {
            var left = _column[x] * 4;
            var right = Math.Min(_column[x] + 1, lastColumn) * 4;
            var weight = _columnWeight[x];
            for (var channel = 0; channel < 4; channel++)
            {
                var upper = (top[left + channel] * (One - weight)) + (top[right + channel] * weight);
                var lower = (bottom[left + channel] * (One - weight)) + (bottom[right + channel] * weight);
                target[(x * 4) + channel] = (byte)(((upper * (One - rowWeight)) + (lower * rowWeight) + (One * One / 2)) >> 16);
            }
        }
    }

    /// <summary>For each output position, the first source position to blend and the second one's weight (of 256).</summary>
    private static (int[] Index, int[] Weight) Taps(int source, int target)
    {
        var index = new int[target];
        var weight = new int[target];
        var ratio = (double)source / target;
        for (var i = 0; i < target; i++)
        {
            var centre = Math.Clamp(((i + 0.5) * ratio) - 0.5, 0, source - 1);
            var first = (int)centre;
            index[i] = first;
            weight[i] = (int)Math.Round((centre - first) * One);
        }

        return (index, weight);
    }

    /// <summary>A scaled copy in pooled memory, with the source's timing, sequence and damage unknown (the whole picture).</summary>
    private sealed class ScaledVideoFrame : VideoFrame
    {
        private readonly int _length;
        private byte[]? _pixels;

        public ScaledVideoFrame(VideoFrame source, int width, int height, int stride)
            : base(source.Format, width, height, FrameMemoryKinds.Cpu, source.CaptureTime, source.Sequence)
        {
            _length = stride * height;
            _pixels = ArrayPool<byte>.Shared.Rent(_length);
            Planes = [new FramePlane(0, stride, _length)];
        }

        public override IReadOnlyList<FramePlane> Planes { get; }

        public Span<byte> Pixels => _pixels.AsSpan(0, _length);

        protected override ReadOnlySpan<byte> GetBytesCore() => _pixels.AsSpan(0, _length);

        protected override void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref _pixels, null) is { } pixels)
            {
                ArrayPool<byte>.Shared.Return(pixels);
            }
        }
    }
}
