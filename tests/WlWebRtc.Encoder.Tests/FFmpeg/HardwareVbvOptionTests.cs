using WlWebRtc.Encoder.Nvenc;
using WlWebRtc.Encoder.Tests.Support;
using WlWebRtc.Encoder.Vaapi;

namespace WlWebRtc.Encoder.Tests.FFmpeg;

/// <summary>
/// NVENC and VA-API size their VBV like x264: one frame interval by default (no GPU here, so only the option mapping
/// to libavcodec's <c>bufsize</c> is tested, not what the hardware encoders do with it).
/// </summary>
public sealed class HardwareVbvOptionTests
{
    [Fact]
    public void NvencRead_NoVbvKey_OneFrameBuffer()
    {
        var options = NvencEncoderOptions.Read(TestContexts.Settings(), out var errors);

        Assert.Empty(errors);
        Assert.Equal(0, options.VbvBufferMilliseconds);
        Assert.Equal(8_000_000 / 30, new NvencBackend(options).VbvBufferBits(8_000_000, 30));
    }

    [Fact]
    public void VaapiRead_NoVbvKey_OneFrameBuffer()
    {
        var options = VaapiEncoderOptions.Read(TestContexts.Settings(), out var errors);

        Assert.Empty(errors);
        Assert.Equal(0, options.VbvBufferMilliseconds);
        Assert.Equal(3_000_000 / 60, new VaapiBackend(options).VbvBufferBits(3_000_000, 60));
    }

    [Fact]
    public void NvencRead_VbvInMilliseconds_BufferOfThatMuchBitrate()
    {
        var options = NvencEncoderOptions.Read(TestContexts.Settings(("vbv-buffer-ms", "500")), out var errors);

        Assert.Empty(errors);
        Assert.Equal(4_000_000, new NvencBackend(options).VbvBufferBits(8_000_000, 30));
    }

    [Theory]
    [InlineData("5")]
    [InlineData("-1")]
    [InlineData("10001")]
    [InlineData("one")]
    public void VaapiRead_VbvOutOfRange_Error(string value)
    {
        VaapiEncoderOptions.Read(TestContexts.Settings(("vbv-buffer-ms", value)), out var errors);

        Assert.Equal("vbv-buffer-ms", Assert.Single(errors).Key);
    }
}
