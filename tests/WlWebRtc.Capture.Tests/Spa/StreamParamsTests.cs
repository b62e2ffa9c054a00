using WlWebRtc.Capture.Portal.Spa;
using WlWebRtc.Capture.Tests.Native;
using WlWebRtc.Media;

namespace WlWebRtc.Capture.Tests.Spa;

/// <summary>Managed pods compared byte for byte with the same pods built by SPA's inline C builder (spa_facts.c).</summary>
public sealed class StreamParamsTests
{
    [Fact]
    public void EnumFormats_SharedMemoryBgrxRgbx_MatchesSpaBuilder()
    {
        var pods = StreamParams.EnumFormats([PixelFormat.Bgrx, PixelFormat.Rgbx], dmaBuf: false, [], preferredFrameRate: 30);

        var pod = Assert.Single(pods);
        Assert.Equal(SpaFacts.Pod("enum_format_shm"), pod);
    }

    [Fact]
    public void EnumFormats_DmaBufWithoutModifierList_OffersLinearAndImplicitFirstThenSharedMemory()
    {
        var pods = StreamParams.EnumFormats([PixelFormat.Bgrx], dmaBuf: true, [], preferredFrameRate: 30);

        Assert.Equal(2, pods.Count);
        Assert.Equal(SpaFacts.Pod("enum_format_dmabuf"), pods[0]);
        Assert.Equal(StreamParams.EnumFormat([SpaVideoFormats.Bgrx], [], 30), pods[1]);
    }

    [Fact]
    public void Buffers_SharedMemory_MatchesSpaBuilder() =>
        Assert.Equal(SpaFacts.Pod("buffers_shm"), StreamParams.Buffers(dmaBuf: false));

    [Fact]
    public void HeaderMeta_Always_MatchesSpaBuilder() =>
        Assert.Equal(SpaFacts.Pod("meta_header"), StreamParams.HeaderMeta());

    [Fact]
    public void DamageMeta_Always_MatchesSpaBuilder() =>
        Assert.Equal(SpaFacts.Pod("meta_damage"), StreamParams.DamageMeta());

    [Fact]
    public void EnumFormats_NoCapturableFormat_Throws() =>
        Assert.Throws<ArgumentException>(() => StreamParams.EnumFormats([PixelFormat.Unknown], dmaBuf: false, [], 30));

    [Theory]
    [InlineData(PixelFormat.Bgrx)]
    [InlineData(PixelFormat.Bgra)]
    [InlineData(PixelFormat.Rgbx)]
    [InlineData(PixelFormat.Rgba)]
    [InlineData(PixelFormat.Xbgr)]
    [InlineData(PixelFormat.Xrgb)]
    [InlineData(PixelFormat.I420)]
    [InlineData(PixelFormat.Nv12)]
    public void SpaVideoFormats_RoundTrip_ReturnsSameFormat(PixelFormat format) =>
        Assert.Equal(format, SpaVideoFormats.FromSpa(SpaVideoFormats.ToSpa(format)!.Value));
}
