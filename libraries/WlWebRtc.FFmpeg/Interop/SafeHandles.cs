using System.Runtime.InteropServices;

namespace WlWebRtc.FFmpeg;

/// <summary>An AVCodecContext.</summary>
internal sealed class SafeCodecContextHandle : SafeHandle
{
    public SafeCodecContextHandle()
        : base(0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    public static SafeCodecContextHandle Allocate(nint codec)
    {
        var result = new SafeCodecContextHandle();
        result.SetHandle(Interop.AvCodec.avcodec_alloc_context3(codec));
        return result.IsInvalid ? throw new FFmpegException("avcodec_alloc_context3 failed (out of memory)") : result;
    }

    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        Interop.AvCodec.avcodec_free_context(ref pointer);
        return true;
    }
}

/// <summary>An AVFrame.</summary>
internal sealed class SafeAvFrameHandle : SafeHandle
{
    public SafeAvFrameHandle()
        : base(0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    public static SafeAvFrameHandle Allocate()
    {
        var result = new SafeAvFrameHandle();
        result.SetHandle(Interop.AvUtil.av_frame_alloc());
        return result.IsInvalid ? throw new FFmpegException("av_frame_alloc failed (out of memory)") : result;
    }

    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        Interop.AvUtil.av_frame_free(ref pointer);
        return true;
    }
}

/// <summary>An AVPacket.</summary>
internal sealed class SafeAvPacketHandle : SafeHandle
{
    public SafeAvPacketHandle()
        : base(0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    public static SafeAvPacketHandle Allocate()
    {
        var result = new SafeAvPacketHandle();
        result.SetHandle(Interop.AvCodec.av_packet_alloc());
        return result.IsInvalid ? throw new FFmpegException("av_packet_alloc failed (out of memory)") : result;
    }

    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        Interop.AvCodec.av_packet_free(ref pointer);
        return true;
    }
}

/// <summary>A SwsContext.</summary>
internal sealed class SafeSwsContextHandle : SafeHandle
{
    public SafeSwsContextHandle()
        : base(0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    public static SafeSwsContextHandle FromPointer(nint pointer)
    {
        var result = new SafeSwsContextHandle();
        result.SetHandle(pointer);
        return result;
    }

    protected override bool ReleaseHandle()
    {
        Interop.SwScale.sws_freeContext(handle);
        return true;
    }
}

/// <summary>An AVBufferRef: hardware device and frames contexts.</summary>
internal sealed class SafeAvBufferHandle : SafeHandle
{
    public SafeAvBufferHandle()
        : base(0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    /// <summary>The AVBufferRef's data pointer (the AVHWDeviceContext or AVHWFramesContext).</summary>
    public unsafe nint Data => *(nint*)(DangerousGetHandle() + NativeLayout.BufferRefData);

    public static SafeAvBufferHandle FromPointer(nint pointer)
    {
        var result = new SafeAvBufferHandle();
        result.SetHandle(pointer);
        return result;
    }

    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        Interop.AvUtil.av_buffer_unref(ref pointer);
        return true;
    }
}
