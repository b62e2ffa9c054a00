namespace WlWebRtc.FFmpeg.Decoding;

/// <summary>A decoded 4:2:0 picture, planes copied out of FFmpeg.</summary>
internal sealed record DecodedPicture(int Width, int Height, byte[] Y, byte[] U, byte[] V);

/// <summary>libavcodec's h264 decoder, for tests: access units in, I420 pictures out.</summary>
internal sealed unsafe class H264Decoder : IDisposable
{
    private readonly SafeCodecContextHandle _context;
    private readonly SafeAvPacketHandle _packet = SafeAvPacketHandle.Allocate();
    private readonly SafeAvFrameHandle _frame = SafeAvFrameHandle.Allocate();

    public H264Decoder()
    {
        FFmpegLibrary.EnsureLoaded();
        var codec = Interop.AvCodec.avcodec_find_decoder_by_name("h264");
        if (codec == 0)
        {
            throw new FFmpegException("libavcodec has no h264 decoder");
        }

        _context = SafeCodecContextHandle.Allocate(codec);
        Interop.AvUtil.av_opt_set_int(_context.DangerousGetHandle(), "threads", 1, 0);
        FFmpegException.ThrowIfError(Interop.AvCodec.avcodec_open2(_context.DangerousGetHandle(), codec, 0), "opening the h264 decoder");
    }

    /// <summary>Decodes one access unit; returns the pictures it released (zero or one with low-delay streams).</summary>
    public IReadOnlyList<DecodedPicture> Decode(ReadOnlySpan<byte> accessUnit)
    {
        var p = _packet.DangerousGetHandle();
        FFmpegException.ThrowIfError(Interop.AvCodec.av_new_packet(p, accessUnit.Length), "av_new_packet");
        accessUnit.CopyTo(new Span<byte>((void*)*(nint*)(p + NativeLayout.PacketData), accessUnit.Length));
        try
        {
            FFmpegException.ThrowIfError(Interop.AvCodec.avcodec_send_packet(_context.DangerousGetHandle(), p), "avcodec_send_packet");
        }
        finally
        {
            Interop.AvCodec.av_packet_unref(p);
        }

        var pictures = new List<DecodedPicture>();
        var f = _frame.DangerousGetHandle();
        while (true)
        {
            var result = Interop.AvCodec.avcodec_receive_frame(_context.DangerousGetHandle(), f);
            if (result == Interop.AvUtil.AVERROR_EAGAIN || result == Interop.AvUtil.AVERROR_EOF)
            {
                return pictures;
            }

            FFmpegException.ThrowIfError(result, "avcodec_receive_frame");
            try
            {
                pictures.Add(CopyOut(f));
            }
            finally
            {
                Interop.AvUtil.av_frame_unref(f);
            }
        }
    }

    /// <summary>Copies the planes of an I420 AVFrame (decoder output or encoder input).</summary>
    public static DecodedPicture CopyOut(nint frame)
    {
        var width = *(int*)(frame + NativeLayout.FrameWidth);
        var height = *(int*)(frame + NativeLayout.FrameHeight);
        var format = *(int*)(frame + NativeLayout.FrameFormat);
        if (format != PixelFormats.Yuv420p && format != PixelFormats.Find("yuvj420p"))
        {
            throw new FFmpegException($"decoded pixel format {format} is not yuv420p");
        }

        return new DecodedPicture(width, height, Plane(frame, 0, width, height), Plane(frame, 1, (width + 1) / 2, (height + 1) / 2), Plane(frame, 2, (width + 1) / 2, (height + 1) / 2));
    }

    private static byte[] Plane(nint frame, int index, int width, int height)
    {
        var data = *(byte**)(frame + NativeLayout.FrameData + (index * 8));
        var stride = *(int*)(frame + NativeLayout.FrameLinesize + (index * 4));
        var plane = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            new ReadOnlySpan<byte>(data + ((long)y * stride), width).CopyTo(plane.AsSpan(y * width));
        }

        return plane;
    }

    public void Dispose()
    {
        _frame.Dispose();
        _packet.Dispose();
        _context.Dispose();
    }
}
