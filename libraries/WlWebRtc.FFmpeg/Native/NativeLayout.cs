namespace WlWebRtc.FFmpeg;

/// <summary>
/// Byte offsets of the few struct fields we must touch directly. Each is tied to the detected library major
/// version (facts from the FFmpeg headers of that version) and verified at load against values FFmpeg itself
/// writes (defaults after allocation, option offsets reported by av_opt_find), so a wrong layout fails loudly
/// with a reason instead of corrupting memory.
/// </summary>
internal static unsafe class NativeLayout
{
    private const long NoPts = long.MinValue;

    // AVBufferRef { AVBuffer *buffer; uint8_t *data; size_t size; }: unchanged since FFmpeg 3.
    public const int BufferRefBuffer = 0;
    public const int BufferRefData = 8;
    public const int BufferRefSize = 16;

    // AVFrame head: data[8], linesize[8], extended_data, width, height, nb_samples, format: unchanged in 5.1-7.x.
    public const int FrameData = 0;
    public const int FrameLinesize = 64;
    public const int FrameExtendedData = 96;
    public const int FrameWidth = 104;
    public const int FrameHeight = 108;
    public const int FrameFormat = 116;
    public const int FramePts = 136;

    // AVPacket { buf; pts; dts; data; size; stream_index; flags; ... }: unchanged in 5.1-7.x.
    public const int PacketPts = 8;
    public const int PacketDts = 16;
    public const int PacketData = 24;
    public const int PacketSize = 32;
    public const int PacketFlags = 40;

    // AVOption { name; help; int offset; type; ... }: unchanged in 5.1-7.x.
    private const int OptionOffset = 16;

    /// <summary>AVFrame.pict_type: after key_frame in libavutil 57/58; key_frame is gone in 59.</summary>
    public static int FramePictType { get; private set; }

    /// <summary>AVFrame.buf[0], or -1 where the layout is not known (DMA-BUF import is then unavailable).</summary>
    public static int FrameBuf { get; private set; } = -1;

    /// <summary>AVFrame.hw_frames_ctx, or -1 where the layout is not known.</summary>
    public static int FrameHwFramesContext { get; private set; } = -1;

    /// <summary>AVCodecContext.hw_frames_ctx, derived from option offsets of its neighbours.</summary>
    public static int CodecContextHwFramesContext { get; private set; } = -1;

    /// <summary>Why <see cref="CodecContextHwFramesContext"/> is unknown, if it is.</summary>
    public static string? HardwareLayoutProblem { get; private set; }

    /// <summary>Sets the offsets for these versions and checks them; returns a reason on failure, else null.</summary>
    public static string? Initialize(int avcodecMajor, int avutilMajor)
    {
        FramePictType = avutilMajor >= 59 ? 120 : 124;
        if (avutilMajor == 57)
        {
            FrameBuf = 224;
            FrameHwFramesContext = 392;
        }

        return CheckBufferRef() ?? CheckFrame(avutilMajor) ?? CheckPacket() ?? CheckCodecContext(avcodecMajor);
    }

    private static string? CheckBufferRef()
    {
        var buffer = Interop.AvUtil.av_buffer_alloc(48);
        try
        {
            return buffer == 0 || *(nint*)(buffer + BufferRefData) == 0 || *(nuint*)(buffer + BufferRefSize) != 48
                ? "FFmpeg layout self-check failed: AVBufferRef does not have the expected layout"
                : null;
        }
        finally
        {
            Interop.AvUtil.av_buffer_unref(ref buffer);
        }
    }

    private static string? CheckFrame(int avutilMajor)
    {
        using var frame = SafeAvFrameHandle.Allocate();
        var f = frame.DangerousGetHandle();

        // av_frame_alloc: extended_data = data, format = -1, pict_type = NONE, sample_aspect_ratio = 0/1, pts = NOPTS.
        var defaultsOk = *(nint*)(f + FrameExtendedData) == f + FrameData
            && *(int*)(f + FrameFormat) == -1
            && *(int*)(f + FramePictType) == Interop.AvUtil.AV_PICTURE_TYPE_NONE
            && *(int*)(f + FramePictType + 4) == 0 && *(int*)(f + FramePictType + 8) == 1
            && *(long*)(f + FramePts) == NoPts;
        if (!defaultsOk)
        {
            return $"FFmpeg layout self-check failed: AVFrame of libavutil {avutilMajor} does not have the expected layout";
        }

        *(int*)(f + FrameWidth) = 34;
        *(int*)(f + FrameHeight) = 18;
        *(int*)(f + FrameFormat) = PixelFormats.Yuv420p;
        if (Interop.AvUtil.av_frame_get_buffer(f, 0) < 0 || *(nint*)(f + FrameData) == 0 || *(nint*)(f + FrameData + 16) == 0
            || *(int*)(f + FrameLinesize) < 34 || *(int*)(f + FrameLinesize + 4) < 17)
        {
            return "FFmpeg layout self-check failed: av_frame_get_buffer did not fill AVFrame.data/linesize where expected";
        }

        if (FrameBuf >= 0)
        {
            // buf[0] holds the single allocation all planes point into.
            var buf = *(nint*)(f + FrameBuf);
            var start = buf == 0 ? 0 : *(nint*)(buf + BufferRefData);
            var plane = *(nint*)(f + FrameData);
            if (buf == 0 || plane < start || plane >= start + (nint)(*(nuint*)(buf + BufferRefSize)))
            {
                FrameBuf = -1;
                FrameHwFramesContext = -1;
            }
        }

        return null;
    }

    private static string? CheckPacket()
    {
        using var packet = SafeAvPacketHandle.Allocate();
        var p = packet.DangerousGetHandle();
        if (Interop.AvCodec.av_new_packet(p, 123) < 0)
        {
            return "av_new_packet failed during the FFmpeg self-check";
        }

        var buf = *(nint*)p;
        var ok = *(int*)(p + PacketSize) == 123
            && *(long*)(p + PacketPts) == NoPts && *(long*)(p + PacketDts) == NoPts
            && buf != 0 && *(nint*)(p + PacketData) == *(nint*)(buf + BufferRefData)
            && *(int*)(p + PacketFlags) == 0;
        Interop.AvCodec.av_packet_unref(p);
        return ok ? null : "FFmpeg layout self-check failed: AVPacket does not have the expected layout";
    }

    private static string? CheckCodecContext(int avcodecMajor)
    {
        using var context = SafeCodecContextHandle.Allocate(0);
        var c = context.DangerousGetHandle();

        // Width through AVOptions, read back through the layout: proves option offsets are what we read.
        var width = OptionOffsetOf(c, "video_size");
        if (width < 0 || Interop.AvUtil.av_opt_set(c, "video_size", "1234x567", 0) < 0 || *(int*)(c + width) != 1234 || *(int*)(c + width + 4) != 567)
        {
            return "FFmpeg layout self-check failed: AVCodecContext options do not match the layout read back";
        }

        // hw_frames_ctx has no option; its neighbours do. 59/60: hw_frames_ctx, sub_text_format, trailing_padding,
        // max_pixels, hw_device_ctx, hwaccel_flags. 61: hw_frames_ctx, hw_device_ctx, hwaccel_flags, extra_hw_frames.
        var hwaccelFlags = OptionOffsetOf(c, "hwaccel_flags");
        if (avcodecMajor is 59 or 60)
        {
            var maxPixels = OptionOffsetOf(c, "max_pixels");
            if (maxPixels > 0 && hwaccelFlags == maxPixels + 16)
            {
                CodecContextHwFramesContext = maxPixels - 16;
            }
        }
        else if (avcodecMajor == 61)
        {
            var extra = OptionOffsetOf(c, "extra_hw_frames");
            if (hwaccelFlags > 0 && extra == hwaccelFlags + 4)
            {
                CodecContextHwFramesContext = hwaccelFlags - 16;
            }
        }

        if (CodecContextHwFramesContext < 0 || *(nint*)(c + CodecContextHwFramesContext) != 0)
        {
            CodecContextHwFramesContext = -1;
            HardwareLayoutProblem = $"the position of AVCodecContext.hw_frames_ctx in libavcodec {avcodecMajor} could not be verified";
        }

        return null;
    }

    /// <summary>The byte offset of an AVOption's field, as FFmpeg itself reports it.</summary>
    public static int OptionOffsetOf(nint obj, string name)
    {
        var option = Interop.AvUtil.av_opt_find(obj, name, null, 0, 0);
        return option == 0 ? -1 : *(int*)(option + OptionOffset);
    }
}
