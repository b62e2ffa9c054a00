using System.Runtime.InteropServices;

namespace WlWebRtc.FFmpeg;

internal static partial class Interop
{
    /// <summary>libswscale: pixel format conversion.</summary>
    internal static unsafe partial class SwScale
    {
        internal const int SWS_FAST_BILINEAR = 1;
        internal const int SWS_BILINEAR = 2;
        internal const int SWS_BICUBIC = 4;
        internal const int SWS_POINT = 0x10;
        internal const int SWS_AREA = 0x20;
        internal const int SWS_CS_ITU709 = 1;

        [LibraryImport(Libraries.SwScale)]
        internal static partial uint swscale_version();

        [LibraryImport(Libraries.SwScale)]
        internal static partial nint sws_getContext(int srcW, int srcH, int srcFormat, int dstW, int dstH, int dstFormat, int flags, nint srcFilter, nint dstFilter, double* param);

        [LibraryImport(Libraries.SwScale)]
        internal static partial void sws_freeContext(nint context);

        [LibraryImport(Libraries.SwScale)]
        internal static partial int sws_scale(nint context, byte** srcSlice, int* srcStride, int srcSliceY, int srcSliceH, byte** dst, int* dstStride);

        [LibraryImport(Libraries.SwScale)]
        internal static partial int sws_setColorspaceDetails(nint context, int* inverseTable, int srcRange, int* table, int dstRange, int brightness, int contrast, int saturation);

        [LibraryImport(Libraries.SwScale)]
        internal static partial int* sws_getCoefficients(int colorspace);
    }
}
