using System.Buffers;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using WlWebRtc.Encoders;
using WlWebRtc.FFmpeg.Conversion;
using WlWebRtc.Media;

namespace WlWebRtc.FFmpeg.Encoding;

/// <summary>
/// An H.264 encoder over libavcodec: converts each frame to 4:2:0 (or maps it when it is a DMA-BUF), encodes it
/// with one packet out per frame in, and hands back the packet in pooled memory. A frame of another size reopens
/// the codec and starts with an IDR. Bitrate changes are applied to the open context at the next frame.
/// </summary>
internal sealed unsafe partial class LibavH264Encoder : IVideoEncoder
{
    public const int MinimumBitrate = 10_000;
    public const int MaximumBitrate = 800_000_000;
    public const int MinimumSize = 16;
    public const int MaximumSize = 8192;

    private readonly H264Backend _backend;
    private readonly ILogger _logger;
    private readonly int _frameRate;
    private readonly SafeAvPacketHandle _packet;
    private SafeCodecContextHandle? _context;
    private CodecOptions? _options;
    private SafeAvFrameHandle? _softwareFrame;
    private PackedRgbToYuv420? _converter;
    private HardwareFrames? _hardware;
    private int _keyframeRequested;
    private int _bitrate;
    private int _appliedBitrate;
    private long _pts;
    private long _lastSequence;
    private bool _lastInSoftwareFrame;
    private bool _disposed;

    public LibavH264Encoder(H264Backend backend, EncoderSettings settings, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(settings);
        Validate(settings);
        _backend = backend;
        _logger = logger;
        _frameRate = settings.FrameRate;
        _bitrate = settings.BitrateBitsPerSecond;
        try
        {
            FFmpegLibrary.EnsureLoaded();
            _packet = SafeAvPacketHandle.Allocate();
            Open(settings.Width, settings.Height);
        }
        catch (FFmpegException e)
        {
            Dispose();
            throw new VideoEncoderException($"{backend.CodecName}: {e.Message}", e);
        }
    }

    public string Description { get; private set; } = "";

    public EncoderInputCapabilities InputCapabilities => _backend.InputCapabilities;

    public int BitrateBitsPerSecond => Volatile.Read(ref _bitrate);

    /// <summary>The coded size (even).</summary>
    public int CodedWidth { get; private set; }

    public int CodedHeight { get; private set; }

    /// <summary>Where the last <see cref="Encode"/> spent its time.</summary>
    public EncodeTimings LastTimings { get; private set; }

    /// <summary>Checks settings before anything native is touched; every problem in one message.</summary>
    public static void Validate(EncoderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = new List<string>();
        if (settings.Width < MinimumSize || settings.Height < MinimumSize || settings.Width > MaximumSize || settings.Height > MaximumSize)
        {
            problems.Add($"size {settings.Width}x{settings.Height} is outside {MinimumSize}x{MinimumSize}..{MaximumSize}x{MaximumSize}");
        }

        if (settings.FrameRate is < 1 or > 240)
        {
            problems.Add($"frame rate {settings.FrameRate} is outside 1..240");
        }

        if (!IsValidBitrate(settings.BitrateBitsPerSecond))
        {
            problems.Add($"bitrate {settings.BitrateBitsPerSecond} b/s is outside {MinimumBitrate}..{MaximumBitrate} b/s");
        }

        if (problems.Count > 0)
        {
            throw new VideoEncoderException("invalid encoder settings: " + string.Join("; ", problems));
        }
    }

    public EncodedAccessUnit? Encode(VideoFrame frame, EncodeOptions options = EncodeOptions.None)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var start = Stopwatch.GetTimestamp();
        try
        {
            var dmaBuf = frame.Memory == FrameMemoryKinds.DmaBuf;
            if (!_backend.InputCapabilities.Accepts(frame.Format, frame.Memory) || (!dmaBuf && !frame.Format.IsPackedRgb()))
            {
                throw new VideoEncoderException(
                    $"{_backend.CodecName}: unsupported input {frame.Format} in {frame.Memory} memory; accepted: {string.Join(", ", _backend.InputCapabilities.Formats)} in {_backend.InputCapabilities.Memory}");
            }

            var idr = (options & EncodeOptions.ForceKeyframe) != 0 | Interlocked.Exchange(ref _keyframeRequested, 0) != 0;
            if ((frame.Width & ~1) != CodedWidth || (frame.Height & ~1) != CodedHeight)
            {
                if (frame.Width < MinimumSize || frame.Height < MinimumSize || frame.Width > MaximumSize || frame.Height > MaximumSize)
                {
                    throw new VideoEncoderException($"{_backend.CodecName}: frame size {frame.Width}x{frame.Height} is outside {MinimumSize}x{MinimumSize}..{MaximumSize}x{MaximumSize}");
                }

                Log.Reopening(_logger, CodedWidth, CodedHeight, frame.Width, frame.Height);
                Open(frame.Width, frame.Height);
                idr = true;
            }

            ApplyPendingBitrate();
            using var hardwareFrame = dmaBuf ? MapDmaBuf(frame) : Convert(frame);
            var input = hardwareFrame?.DangerousGetHandle() ?? _softwareFrame!.DangerousGetHandle();
            var converted = Stopwatch.GetTimestamp();
            *(long*)(input + NativeLayout.FramePts) = _pts++;
            *(int*)(input + NativeLayout.FramePictType) = idr ? Interop.AvUtil.AV_PICTURE_TYPE_I : Interop.AvUtil.AV_PICTURE_TYPE_NONE;
            var unit = EncodeFrame(input, frame.CaptureTime, frame.Sequence, start, converted);
            LastTimings = new EncodeTimings(converted - start, Stopwatch.GetTimestamp() - converted);
            _lastSequence = frame.Sequence;
            _lastInSoftwareFrame = !dmaBuf;
            return unit;
        }
        catch (FFmpegException e)
        {
            throw new VideoEncoderException($"{_backend.CodecName}: {e.Message}", e);
        }
    }

    /// <summary>Encodes the converted copy of the last frame again (the software frame the encoder owns).</summary>
    public EncodedAccessUnit? RepeatLastFrame(EncodeOptions options)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_lastInSoftwareFrame || _softwareFrame is null)
        {
            return null;
        }

        var start = Stopwatch.GetTimestamp();
        try
        {
            var idr = (options & EncodeOptions.ForceKeyframe) != 0 | Interlocked.Exchange(ref _keyframeRequested, 0) != 0;
            ApplyPendingBitrate();
            var software = _softwareFrame.DangerousGetHandle();
            using var hardwareFrame = _hardware?.Upload(software);
            var input = hardwareFrame?.DangerousGetHandle() ?? software;
            *(long*)(input + NativeLayout.FramePts) = _pts++;
            *(int*)(input + NativeLayout.FramePictType) = idr ? Interop.AvUtil.AV_PICTURE_TYPE_I : Interop.AvUtil.AV_PICTURE_TYPE_NONE;

            // The content is as old as the last capture, but it is sent now: a fresh capture time keeps RTP timestamps rising.
            return EncodeFrame(input, CaptureTime.Now(), _lastSequence, start, start);
        }
        catch (FFmpegException e)
        {
            throw new VideoEncoderException($"{_backend.CodecName}: {e.Message}", e);
        }
    }

    public void RequestKeyframe() => Volatile.Write(ref _keyframeRequested, 1);

    public void SetBitrate(int bitsPerSecond)
    {
        if (!IsValidBitrate(bitsPerSecond))
        {
            throw new VideoEncoderException($"bitrate {bitsPerSecond} b/s is outside {MinimumBitrate}..{MaximumBitrate} b/s");
        }

        Volatile.Write(ref _bitrate, bitsPerSecond);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Close();
        _packet?.Dispose();
    }

    private static bool IsValidBitrate(int bitsPerSecond) => bitsPerSecond is >= MinimumBitrate and <= MaximumBitrate;

    private void Open(int width, int height)
    {
        Close();
        var geometry = new EncoderGeometry(width & ~1, height & ~1, _frameRate, BitrateBitsPerSecond);
        var codec = Interop.AvCodec.avcodec_find_encoder_by_name(_backend.CodecName);
        if (codec == 0)
        {
            throw new FFmpegException($"libavcodec {FFmpegLibrary.AvCodecMajor} has no {_backend.CodecName} encoder");
        }

        _context = SafeCodecContextHandle.Allocate(codec);
        _options = new CodecOptions(_context, _backend.CodecName);
        _hardware = _backend.CreateHardwareFrames(geometry);
        _hardware?.AttachTo(_context);
        _backend.Configure(_options, geometry);
        _backend.ApplyBitrate(_options, geometry.BitrateBitsPerSecond, _frameRate);
        _appliedBitrate = geometry.BitrateBitsPerSecond;
        FFmpegException.ThrowIfError(Interop.AvCodec.avcodec_open2(_context.DangerousGetHandle(), codec, 0), $"opening {_backend.CodecName} at {geometry.Width}x{geometry.Height}");

        _softwareFrame = SafeAvFrameHandle.Allocate();
        var f = _softwareFrame.DangerousGetHandle();
        *(int*)(f + NativeLayout.FrameWidth) = geometry.Width;
        *(int*)(f + NativeLayout.FrameHeight) = geometry.Height;
        *(int*)(f + NativeLayout.FrameFormat) = _backend.SoftwareFormat;
        FFmpegException.ThrowIfError(Interop.AvUtil.av_frame_get_buffer(f, 0), "av_frame_get_buffer");
        CodedWidth = geometry.Width;
        CodedHeight = geometry.Height;
        _pts = 0;
        _lastInSoftwareFrame = false;
        Description = _backend.Describe(geometry);
        Log.Opened(_logger, Description);
    }

    private void Close()
    {
        _converter?.Dispose();
        _converter = null;
        _softwareFrame?.Dispose();
        _softwareFrame = null;
        _context?.Dispose();
        _context = null;
        _options = null;
        _hardware?.Dispose();
        _hardware = null;
        CodedWidth = 0;
        CodedHeight = 0;
    }

    private void ApplyPendingBitrate()
    {
        var wanted = BitrateBitsPerSecond;
        if (wanted != _appliedBitrate)
        {
            _backend.ApplyBitrate(_options!, wanted, _frameRate);
            _appliedBitrate = wanted;
            Log.BitrateChanged(_logger, wanted);
        }
    }

    private SafeAvFrameHandle? Convert(VideoFrame frame)
    {
        if (_converter is null || _converter.Source != frame.Format || _converter.Width != frame.Width || _converter.Height != frame.Height)
        {
            _converter?.Dispose();
            _converter = null;
            var layout = _backend.SoftwareFormat == PixelFormats.Nv12 ? Yuv420Layout.Nv12
                : _backend.SoftwareFormat == PixelFormats.Yuv420p ? Yuv420Layout.I420
                : throw new FFmpegException($"{_backend.CodecName} takes software pixel format {_backend.SoftwareFormat}, which is neither yuv420p nor nv12");
            _converter = new PackedRgbToYuv420(frame.Format, frame.Width, frame.Height, layout);
        }

        var f = _softwareFrame!.DangerousGetHandle();
        FFmpegException.ThrowIfError(Interop.AvUtil.av_frame_make_writable(f), "av_frame_make_writable");
        var plane = frame.Planes[0];
        _converter.Convert(frame.GetBytes(), plane.Offset, plane.Stride, f);
        return _hardware?.Upload(f);
    }

    private SafeAvFrameHandle MapDmaBuf(VideoFrame frame) =>
        _hardware is { } hardware ? hardware.MapDmaBuf(frame) : throw new FFmpegException("DMA-BUF frames need a hardware encoder");

    private PooledAccessUnit? EncodeFrame(nint input, CaptureTime captureTime, long sequence, long start, long converted)
    {
        var context = _context!.DangerousGetHandle();
        FFmpegException.ThrowIfError(Interop.AvCodec.avcodec_send_frame(context, input), "avcodec_send_frame");
        var packet = _packet.DangerousGetHandle();
        byte[]? buffer = null;
        var length = 0;
        var keyframe = false;
        while (true)
        {
            var result = Interop.AvCodec.avcodec_receive_packet(context, packet);
            if (result == Interop.AvUtil.AVERROR_EAGAIN || result == Interop.AvUtil.AVERROR_EOF)
            {
                break;
            }

            FFmpegException.ThrowIfError(result, "avcodec_receive_packet");
            try
            {
                var size = *(int*)(packet + NativeLayout.PacketSize);
                var data = *(nint*)(packet + NativeLayout.PacketData);
                keyframe |= (*(int*)(packet + NativeLayout.PacketFlags) & Interop.AvCodec.AV_PKT_FLAG_KEY) != 0;
                buffer = Grow(buffer, length, length + size);
                new ReadOnlySpan<byte>((void*)data, size).CopyTo(buffer.AsSpan(length));
                length += size;
            }
            finally
            {
                Interop.AvCodec.av_packet_unref(packet);
            }
        }

        if (buffer is null)
        {
            return null;
        }

        return new PooledAccessUnit(buffer, length, keyframe, CodedWidth, CodedHeight, captureTime, sequence)
        {
            EncodeStartTimestamp = start,
            ConvertEndTimestamp = converted,
            EncodeEndTimestamp = Stopwatch.GetTimestamp(),
        };
    }

    private static byte[] Grow(byte[]? buffer, int used, int needed)
    {
        if (buffer is not null && buffer.Length >= needed)
        {
            return buffer;
        }

        var larger = ArrayPool<byte>.Shared.Rent(needed);
        if (buffer is not null)
        {
            buffer.AsSpan(0, used).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return larger;
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.EncoderOpened, LogLevel.Information, "Opened H.264 encoder: {Description}")]
        public static partial void Opened(ILogger logger, string description);

        [LoggerMessage(EventIds.EncoderReopening, LogLevel.Information, "Frame size changed from {OldWidth}x{OldHeight} to {Width}x{Height}: reopening the encoder")]
        public static partial void Reopening(ILogger logger, int oldWidth, int oldHeight, int width, int height);

        [LoggerMessage(EventIds.EncoderBitrateChanged, LogLevel.Debug, "Bitrate set to {BitsPerSecond} b/s")]
        public static partial void BitrateChanged(ILogger logger, int bitsPerSecond);
    }
}
