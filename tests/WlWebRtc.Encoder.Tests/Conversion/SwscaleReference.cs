using WlWebRtc.FFmpeg;
using WlWebRtc.FFmpeg.Conversion;

namespace WlWebRtc.Encoder.Tests.Conversion;

/// <summary>The same image through swscale (<see cref="RgbToYuvConverter"/>, the converter the encoders used before).</summary>
internal static unsafe class SwscaleReference
{
    public static Yuv420Buffers Convert(PackedImage image, Yuv420Layout layout)
    {
        FFmpegLibrary.EnsureLoaded();
        var format = layout == Yuv420Layout.Nv12 ? PixelFormats.Nv12 : PixelFormats.Yuv420p;
        using var converter = new RgbToYuvConverter(image.Format, image.Width, image.Height, format);
        var frame = Interop.AvUtil.av_frame_alloc();
        try
        {
            *(int*)(frame + NativeLayout.FrameWidth) = converter.OutputWidth;
            *(int*)(frame + NativeLayout.FrameHeight) = converter.OutputHeight;
            *(int*)(frame + NativeLayout.FrameFormat) = format;
            FFmpegException.ThrowIfError(Interop.AvUtil.av_frame_get_buffer(frame, 0), "av_frame_get_buffer");
            converter.Convert(image.Bytes, image.Offset, image.Stride, frame);
            var result = new Yuv420Buffers(layout, converter.OutputWidth, converter.OutputHeight);
            var planes = Yuv420Planes.OfFrame(frame);
            Copy(planes.Y, planes.YStride, result.Y, result.YStride, converter.OutputHeight);
            Copy(planes.Cb, planes.CbStride, result.Cb, result.ChromaStride, converter.OutputHeight / 2);
            if (layout == Yuv420Layout.I420)
            {
                Copy(planes.Cr, planes.CrStride, result.Cr, result.ChromaStride, converter.OutputHeight / 2);
            }

            return result;
        }
        finally
        {
            Interop.AvUtil.av_frame_free(ref frame);
        }
    }

    private static void Copy(byte* source, int sourceStride, byte[] destination, int stride, int rows)
    {
        for (var row = 0; row < rows; row++)
        {
            new ReadOnlySpan<byte>(source + ((long)row * sourceStride), stride).CopyTo(destination.AsSpan(row * stride));
        }
    }
}
