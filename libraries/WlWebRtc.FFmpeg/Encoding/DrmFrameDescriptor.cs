using WlWebRtc.Media;

namespace WlWebRtc.FFmpeg.Encoding;

/// <summary>
/// Builds an AVDRMFrameDescriptor (libavutil/hwcontext_drm.h, public and unchanged since FFmpeg 4): up to four
/// objects {int fd; size_t size; uint64_t format_modifier}, then up to four layers {uint32_t format; int nb_planes;
/// planes[4] {int object_index; ptrdiff_t offset; ptrdiff_t pitch}}.
/// </summary>
internal static unsafe class DrmFrameDescriptor
{
    public const int Size = 528;
    private const int MaxPlanes = 4;
    private const int Objects = 8;
    private const int ObjectSize = 24;
    private const int LayerCount = 104;
    private const int Layers = 112;
    private const int PlanesInLayer = 8;
    private const int PlaneSize = 24;

    /// <summary>The DRM fourcc of a frame format, or 0.</summary>
    public static uint FourCc(PixelFormat format) => format switch
    {
        PixelFormat.Bgrx => Code('X', 'R', '2', '4'),
        PixelFormat.Bgra => Code('A', 'R', '2', '4'),
        PixelFormat.Rgbx => Code('X', 'B', '2', '4'),
        PixelFormat.Rgba => Code('A', 'B', '2', '4'),
        PixelFormat.Xrgb => Code('B', 'X', '2', '4'),
        PixelFormat.Xbgr => Code('R', 'X', '2', '4'),
        PixelFormat.Nv12 => Code('N', 'V', '1', '2'),
        _ => 0,
    };

    /// <summary>Allocates (av_mallocz) and fills a descriptor with one object per plane and one layer.</summary>
    public static nint Allocate(VideoFrame frame)
    {
        var fourcc = FourCc(frame.Format);
        var planes = frame.Planes;
        if (fourcc == 0 || planes.Count is 0 or > MaxPlanes)
        {
            throw new FFmpegException($"cannot import a {frame.Format} DMA-BUF with {planes.Count} planes");
        }

        var descriptor = Interop.AvUtil.av_mallocz(Size);
        if (descriptor == 0)
        {
            throw new FFmpegException("av_mallocz failed");
        }

        *(int*)descriptor = planes.Count;
        *(int*)(descriptor + LayerCount) = 1;
        var layer = descriptor + Layers;
        *(uint*)layer = fourcc;
        *(int*)(layer + 4) = planes.Count;
        for (var i = 0; i < planes.Count; i++)
        {
            var plane = planes[i];
            if (plane.DmaBufFd < 0)
            {
                Interop.AvUtil.av_free(descriptor);
                throw new FFmpegException($"plane {i} of the DMA-BUF frame has no file descriptor");
            }

            var obj = descriptor + Objects + (i * ObjectSize);
            *(int*)obj = plane.DmaBufFd;
            *(nuint*)(obj + 8) = (nuint)(plane.Offset + plane.Length);
            *(ulong*)(obj + 16) = plane.Modifier;
            var p = layer + PlanesInLayer + (i * PlaneSize);
            *(int*)p = i;
            *(nint*)(p + 8) = plane.Offset;
            *(nint*)(p + 16) = plane.Stride;
        }

        return descriptor;
    }

    private static uint Code(char a, char b, char c, char d) => a | ((uint)b << 8) | ((uint)c << 16) | ((uint)d << 24);
}
