using WlWebRtc.Media;

namespace WlWebRtc.FFmpeg.Encoding;

/// <summary>
/// A hardware device and a pool of hardware frames (VAAPI surfaces, CUDA buffers) that a hardware encoder
/// reads: system-memory frames are uploaded into it, DMA-BUF frames are mapped into it (DRM PRIME).
/// </summary>
public sealed unsafe class HardwareFrames : IDisposable
{
    private readonly SafeAvBufferHandle _device;
    private readonly SafeAvBufferHandle _frames;

    private HardwareFrames(SafeAvBufferHandle device, SafeAvBufferHandle frames, int hardwareFormat)
    {
        _device = device;
        _frames = frames;
        HardwareFormat = hardwareFormat;
    }

    internal int HardwareFormat { get; }

    /// <summary>
    /// Opens a hardware device (e.g. "vaapi" on /dev/dri/renderD128, "cuda" on "0") and a pool of
    /// <paramref name="poolSize"/> frames of <paramref name="hardwareFormat"/> holding <paramref name="softwareFormat"/>.
    /// </summary>
    public static HardwareFrames Open(string deviceType, string? device, int hardwareFormat, int softwareFormat, int width, int height, int poolSize) =>
        Create(OpenDevice(deviceType, device), hardwareFormat, softwareFormat, width, height, poolSize);

    /// <summary>Opens the device (e.g. "vaapi" on /dev/dri/renderD128, "cuda" on device 0).</summary>
    internal static SafeAvBufferHandle OpenDevice(string type, string? device)
    {
        FFmpegLibrary.EnsureLoaded();
        var typeId = Interop.AvUtil.av_hwdevice_find_type_by_name(type);
        if (typeId <= 0)
        {
            throw new FFmpegException($"this FFmpeg was built without {type} hardware device support");
        }

        var result = Interop.AvUtil.av_hwdevice_ctx_create(out var pointer, typeId, device, 0, 0);
        FFmpegException.ThrowIfError(result, $"opening the {type} device {device ?? "(default)"}");
        return SafeAvBufferHandle.FromPointer(pointer);
    }

    /// <summary>Allocates and initialises the frames pool; takes ownership of <paramref name="device"/>.</summary>
    internal static HardwareFrames Create(SafeAvBufferHandle device, int hardwareFormat, int softwareFormat, int width, int height, int poolSize)
    {
        var frames = SafeAvBufferHandle.FromPointer(Interop.AvUtil.av_hwframe_ctx_alloc(device.DangerousGetHandle()));
        if (frames.IsInvalid)
        {
            device.Dispose();
            throw new FFmpegException("av_hwframe_ctx_alloc failed");
        }

        try
        {
            var layout = HwFramesLayout.Detect(frames.DangerousGetHandle(), device.DangerousGetHandle())
                ?? throw new FFmpegException($"the layout of AVHWFramesContext in libavutil {FFmpegLibrary.AvUtilMajor} could not be verified");
            var context = frames.Data;
            *(int*)(context + layout.Format) = hardwareFormat;
            *(int*)(context + layout.SoftwareFormat) = softwareFormat;
            *(int*)(context + layout.Width) = width;
            *(int*)(context + layout.Height) = height;
            *(int*)(context + layout.InitialPoolSize) = poolSize;
            FFmpegException.ThrowIfError(Interop.AvUtil.av_hwframe_ctx_init(frames.DangerousGetHandle()), "av_hwframe_ctx_init");
            return new HardwareFrames(device, frames, hardwareFormat);
        }
        catch
        {
            frames.Dispose();
            device.Dispose();
            throw;
        }
    }

    /// <summary>Gives the codec context a reference to the frames pool (AVCodecContext.hw_frames_ctx).</summary>
    internal void AttachTo(SafeCodecContextHandle context)
    {
        var offset = NativeLayout.CodecContextHwFramesContext;
        if (offset < 0)
        {
            throw new FFmpegException($"cannot give a hardware encoder its frames: {NativeLayout.HardwareLayoutProblem}");
        }

        var reference = Interop.AvUtil.av_buffer_ref(_frames.DangerousGetHandle());
        if (reference == 0)
        {
            throw new FFmpegException("av_buffer_ref failed");
        }

        var slot = (nint*)(context.DangerousGetHandle() + offset);
        Interop.AvUtil.av_buffer_unref(ref *slot);
        *slot = reference;
    }

    /// <summary>Copies a system-memory frame into a new hardware frame.</summary>
    internal SafeAvFrameHandle Upload(nint softwareFrame)
    {
        var frame = SafeAvFrameHandle.Allocate();
        try
        {
            FFmpegException.ThrowIfError(Interop.AvUtil.av_hwframe_get_buffer(_frames.DangerousGetHandle(), frame.DangerousGetHandle(), 0), "av_hwframe_get_buffer");
            FFmpegException.ThrowIfError(Interop.AvUtil.av_hwframe_transfer_data(frame.DangerousGetHandle(), softwareFrame, 0), "uploading the frame (av_hwframe_transfer_data)");
            return frame;
        }
        catch
        {
            frame.Dispose();
            throw;
        }
    }

    /// <summary>Maps a DMA-BUF frame into a hardware frame without a CPU copy (DRM PRIME → device surface).</summary>
    internal SafeAvFrameHandle MapDmaBuf(VideoFrame source)
    {
        if (NativeLayout.FrameBuf < 0 || NativeLayout.FrameHwFramesContext < 0)
        {
            throw new FFmpegException($"DMA-BUF import is not available with libavutil {FFmpegLibrary.AvUtilMajor} (AVFrame layout not verified)");
        }

        var descriptor = DrmFrameDescriptor.Allocate(source);
        using var drm = SafeAvFrameHandle.Allocate();
        var d = drm.DangerousGetHandle();
        var descriptorBuffer = Interop.AvUtil.av_buffer_create(descriptor, (nuint)DrmFrameDescriptor.Size, 0, 0, 0);
        if (descriptorBuffer == 0)
        {
            Interop.AvUtil.av_free(descriptor);
            throw new FFmpegException("av_buffer_create failed");
        }

        *(nint*)(d + NativeLayout.FrameBuf) = descriptorBuffer;
        *(nint*)(d + NativeLayout.FrameData) = descriptor;
        *(int*)(d + NativeLayout.FrameWidth) = source.Width;
        *(int*)(d + NativeLayout.FrameHeight) = source.Height;
        *(int*)(d + NativeLayout.FrameFormat) = PixelFormats.DrmPrime;

        var mapped = SafeAvFrameHandle.Allocate();
        try
        {
            var m = mapped.DangerousGetHandle();
            *(int*)(m + NativeLayout.FrameFormat) = HardwareFormat;
            *(nint*)(m + NativeLayout.FrameHwFramesContext) = Interop.AvUtil.av_buffer_ref(_frames.DangerousGetHandle());
            FFmpegException.ThrowIfError(
                Interop.AvUtil.av_hwframe_map(m, d, Interop.AvUtil.AV_HWFRAME_MAP_READ | Interop.AvUtil.AV_HWFRAME_MAP_DIRECT),
                "mapping the DMA-BUF into a hardware surface (av_hwframe_map)");
            return mapped;
        }
        catch
        {
            mapped.Dispose();
            throw;
        }
    }

    /// <summary>Frees the pool, then the device.</summary>
    public void Dispose()
    {
        _frames.Dispose();
        _device.Dispose();
    }
}
