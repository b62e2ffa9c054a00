namespace WlWebRtc.FFmpeg;

/// <summary>
/// The checks every packed RGB → 4:2:0 converter makes: the even output size (an odd last column or row is cropped,
/// since H.264 crops in steps of two luma samples) and whether the caller's memory holds the frame.
/// </summary>
internal static class PackedFrameGeometry
{
    /// <summary>The 4:2:0 output size of a packed frame; throws when nothing would be left.</summary>
    public static (int Width, int Height) EvenOutputSize(int width, int height)
    {
        var outputWidth = width & ~1;
        var outputHeight = height & ~1;
        if (outputWidth < 2 || outputHeight < 2)
        {
            throw new FFmpegException($"a {width}x{height} frame is too small for 4:2:0");
        }

        return (outputWidth, outputHeight);
    }

    /// <summary>Throws unless <paramref name="length"/> bytes hold the frame at <paramref name="offset"/> with <paramref name="stride"/>.</summary>
    public static void EnsureFits(int length, int offset, int stride, int width, int height, string description)
    {
        var needed = (long)offset + ((long)stride * (height - 1)) + ((long)width * 4);
        if (offset < 0 || stride < width * 4 || needed > length)
        {
            throw new FFmpegException($"the frame's memory ({length} bytes, offset {offset}, stride {stride}) is too small for {width}x{height} {description}");
        }
    }
}
