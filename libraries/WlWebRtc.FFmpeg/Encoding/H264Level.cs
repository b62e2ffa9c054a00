namespace WlWebRtc.FFmpeg.Encoding;

/// <summary>The lowest H.264 level (ITU-T H.264 Table A-1) that allows a size, frame rate and bitrate.</summary>
public static class H264Level
{
    // level_idc, MaxMBPS, MaxFS, MaxBR (kbit/s, in units of 1000 b/s for Baseline/Main; ×1.25 for High).
    private static readonly (int Idc, int MaxMbps, int MaxFs, int MaxBrKbps)[] Levels =
    [
        (10, 1485, 99, 64), (11, 3000, 396, 192), (12, 6000, 396, 384), (13, 11880, 396, 768),
        (20, 11880, 396, 2000), (21, 19800, 792, 4000), (22, 20250, 1620, 4000),
        (30, 40500, 1620, 10000), (31, 108000, 3600, 14000), (32, 216000, 5120, 20000),
        (40, 245760, 8192, 20000), (41, 245760, 8192, 50000), (42, 522240, 8704, 50000),
        (50, 589824, 22080, 135000), (51, 983040, 36864, 240000), (52, 2073600, 36864, 240000),
        (60, 4177920, 139264, 240000), (61, 8355840, 139264, 480000), (62, 16711680, 139264, 800000),
    ];

    /// <summary>The level_idc (e.g. 42 for 4.2), or 62 when nothing smaller fits.</summary>
    public static int Compute(int width, int height, int frameRate, int bitsPerSecond, bool highProfile)
    {
        var widthMbs = (width + 15) / 16;
        var heightMbs = (height + 15) / 16;
        long frameMbs = (long)widthMbs * heightMbs;
        var mbps = frameMbs * frameRate;
        var brFactor = highProfile ? 1250L : 1000L;
        foreach (var (idc, maxMbps, maxFs, maxBr) in Levels)
        {
            // Also A.3.1: neither dimension may exceed sqrt(8 * MaxFS) macroblocks.
            var maxSide = Math.Sqrt(8.0 * maxFs);
            if (frameMbs <= maxFs && mbps <= maxMbps && widthMbs <= maxSide && heightMbs <= maxSide && bitsPerSecond <= maxBr * brFactor)
            {
                return idc;
            }
        }

        return 62;
    }

    /// <summary>"4.2" for 42.</summary>
    public static string Format(int levelIdc) => $"{levelIdc / 10}.{levelIdc % 10}";
}
