using WlWebRtc.FFmpeg;
using WlWebRtc.FFmpeg.Encoding;

namespace WlWebRtc.Encoder.Tests.FFmpeg;

public sealed class FFmpegLibraryTests
{
    [Fact]
    public void EnsureLoaded_Debian12_LoadsFFmpeg51AndPassesTheLayoutSelfCheck()
    {
        Assert.True(FFmpegLibrary.TryEnsureLoaded(out var reason), reason);
        Assert.Equal(("5.1", 59, 57), (FFmpegLibrary.Release, FFmpegLibrary.AvCodecMajor, FFmpegLibrary.AvUtilMajor));

        // Offsets from the libavcodec 59 / libavutil 57 headers (offsetof), found independently at load.
        Assert.Equal(848, NativeLayout.CodecContextHwFramesContext);
        Assert.Equal(124, NativeLayout.FramePictType);
        Assert.Equal(224, NativeLayout.FrameBuf);
        Assert.Equal(392, NativeLayout.FrameHwFramesContext);
    }

    [Fact]
    public void HwFramesLayout_FreshVaapiFramesContext_IsDetectedWithoutHardware()
    {
        FFmpegLibrary.EnsureLoaded();
        var device = Interop.AvUtil.av_hwdevice_ctx_alloc(Interop.AvUtil.av_hwdevice_find_type_by_name("vaapi"));
        Assert.NotEqual(0, device);
        var frames = Interop.AvUtil.av_hwframe_ctx_alloc(device);
        try
        {
            var layout = HwFramesLayout.Detect(frames, device);
            Assert.NotNull(layout);
            Assert.Equal(68, layout.Format); // offsetof(AVHWFramesContext, format) in libavutil 57
        }
        finally
        {
            Interop.AvUtil.av_buffer_unref(ref frames);
            Interop.AvUtil.av_buffer_unref(ref device);
        }
    }

    [Fact]
    public void ThrowIfError_Eagain_CarriesFFmpegsMessage()
    {
        FFmpegLibrary.EnsureLoaded();
        var error = Assert.Throws<FFmpegException>(() => FFmpegException.ThrowIfError(-11, "avcodec_receive_packet"));
        Assert.Equal("avcodec_receive_packet failed: Resource temporarily unavailable (-11)", error.Message);
        Assert.Equal(-11, error.ErrorCode);
    }

    [Theory]
    [InlineData(1920, 1080, 60, 8_000_000, false, 42)]
    [InlineData(1920, 1080, 30, 8_000_000, false, 40)]
    [InlineData(1280, 720, 30, 2_000_000, false, 31)]
    [InlineData(640, 360, 30, 1_000_000, false, 30)]
    [InlineData(3840, 2160, 60, 20_000_000, false, 52)]
    [InlineData(1920, 1080, 60, 60_000_000, false, 50)]
    [InlineData(1920, 1080, 60, 60_000_000, true, 42)]
    public void H264Level_Compute_LowestLevelThatFits(int width, int height, int fps, int bitrate, bool high, int expected) =>
        Assert.Equal(expected, H264Level.Compute(width, height, fps, bitrate, high));
}
