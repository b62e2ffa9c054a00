using System.Runtime.InteropServices;

namespace WlWebRtc.FFmpeg;

internal static partial class Interop
{
    /// <summary>libavutil: frames, options, buffers, hardware contexts, errors.</summary>
    internal static unsafe partial class AvUtil
    {
        internal const int AV_LOG_ERROR = 16;
        internal const int AV_OPT_SEARCH_CHILDREN = 1;
        internal const int AVERROR_EAGAIN = -11;
        internal const int AVERROR_EOF = -0x20464F45; // FFERRTAG('E','O','F',' ')
        internal const int AV_PICTURE_TYPE_NONE = 0;
        internal const int AV_PICTURE_TYPE_I = 1;
        internal const int AV_HWFRAME_MAP_READ = 1;
        internal const int AV_HWFRAME_MAP_DIRECT = 8;

        [LibraryImport(Libraries.AvUtil)]
        internal static partial uint avutil_version();

        [LibraryImport(Libraries.AvUtil)]
        internal static partial void av_log_set_level(int level);

        [LibraryImport(Libraries.AvUtil)]
        internal static partial int av_strerror(int errnum, byte* buffer, nuint size);

        [LibraryImport(Libraries.AvUtil, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int av_get_pix_fmt(string name);

        [LibraryImport(Libraries.AvUtil)]
        internal static partial nint av_frame_alloc();

        [LibraryImport(Libraries.AvUtil)]
        internal static partial void av_frame_free(ref nint frame);

        [LibraryImport(Libraries.AvUtil)]
        internal static partial void av_frame_unref(nint frame);

        [LibraryImport(Libraries.AvUtil)]
        internal static partial int av_frame_ref(nint dst, nint src);

        [LibraryImport(Libraries.AvUtil)]
        internal static partial int av_frame_get_buffer(nint frame, int align);

        [LibraryImport(Libraries.AvUtil)]
        internal static partial int av_frame_make_writable(nint frame);

        [LibraryImport(Libraries.AvUtil, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int av_opt_set(nint obj, string name, string value, int searchFlags);

        [LibraryImport(Libraries.AvUtil, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int av_opt_set_int(nint obj, string name, long value, int searchFlags);

        [LibraryImport(Libraries.AvUtil, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int av_opt_get_int(nint obj, string name, int searchFlags, out long value);

        [LibraryImport(Libraries.AvUtil, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial nint av_opt_find(nint obj, string name, string? unit, int optionFlags, int searchFlags);

        [LibraryImport(Libraries.AvUtil)]
        internal static partial nint av_opt_child_next(nint obj, nint previous);

        [LibraryImport(Libraries.AvUtil)]
        internal static partial nint av_buffer_ref(nint buffer);

        [LibraryImport(Libraries.AvUtil)]
        internal static partial void av_buffer_unref(ref nint buffer);

        [LibraryImport(Libraries.AvUtil)]
        internal static partial nint av_buffer_alloc(nuint size);

        [LibraryImport(Libraries.AvUtil)]
        internal static partial nint av_buffer_create(nint data, nuint size, nint free, nint opaque, int flags);

        [LibraryImport(Libraries.AvUtil)]
        internal static partial nint av_mallocz(nuint size);

        [LibraryImport(Libraries.AvUtil)]
        internal static partial void av_free(nint pointer);

        [LibraryImport(Libraries.AvUtil, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int av_hwdevice_find_type_by_name(string name);

        [LibraryImport(Libraries.AvUtil, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int av_hwdevice_ctx_create(out nint deviceRef, int type, string? device, nint options, int flags);

        [LibraryImport(Libraries.AvUtil)]
        internal static partial nint av_hwdevice_ctx_alloc(int type);

        [LibraryImport(Libraries.AvUtil)]
        internal static partial nint av_hwframe_ctx_alloc(nint deviceRef);

        [LibraryImport(Libraries.AvUtil)]
        internal static partial int av_hwframe_ctx_init(nint framesRef);

        [LibraryImport(Libraries.AvUtil)]
        internal static partial int av_hwframe_get_buffer(nint framesRef, nint frame, int flags);

        [LibraryImport(Libraries.AvUtil)]
        internal static partial int av_hwframe_transfer_data(nint dst, nint src, int flags);

        [LibraryImport(Libraries.AvUtil)]
        internal static partial int av_hwframe_map(nint dst, nint src, int flags);
    }
}
