using WlWebRtc.Portal.Spa;
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
    public void EnumFormats_CpuReaderWithLinearDmaBuf_OffersSharedMemoryFirstThenLinearOnlyDmaBufPerFormat()
    {
        var pods = StreamParams.EnumFormats([PixelFormat.Bgrx, PixelFormat.Rgbx], dmaBuf: false, [], preferredFrameRate: 60, linearDmaBuf: true);

        Assert.Equal(3, pods.Count);
        Assert.Equal(StreamParams.EnumFormat([SpaVideoFormats.Bgrx, SpaVideoFormats.Rgbx], [], 60), pods[0]);
        Assert.Equal(StreamParams.EnumFormat([SpaVideoFormats.Bgrx], [(long)SpaConstants.ModifierLinear], 60), pods[1]);
        Assert.Equal(SpaFacts.Pod("enum_format_dmabuf_linear_rgbx"), pods[2]);
    }

    [Fact]
    public void EnumFormats_CpuReaderWithLinearDmaBuf_SharedMemoryPodMatchesSpaBuilder()
    {
        var pods = StreamParams.EnumFormats([PixelFormat.Bgrx, PixelFormat.Rgbx], dmaBuf: false, [], preferredFrameRate: 30, linearDmaBuf: true);

        Assert.Equal(SpaFacts.Pod("enum_format_shm"), pods[0]);
    }

    [Fact]
    public void EnumFormats_DmaBufImporterAndLinearFlag_LinearFlagIgnored()
    {
        var withFlag = StreamParams.EnumFormats([PixelFormat.Bgrx], dmaBuf: true, [], preferredFrameRate: 30, linearDmaBuf: true);
        var withoutFlag = StreamParams.EnumFormats([PixelFormat.Bgrx], dmaBuf: true, [], preferredFrameRate: 30);

        Assert.Equal(withoutFlag, withFlag);
    }

    [Fact]
    public void ModifierConstants_LinearAndInvalid_MatchDrmFourccHeader()
    {
        var (linear, invalid) = ((long)SpaConstants.ModifierLinear, (long)SpaConstants.ModifierInvalid);

        Assert.Equal(SpaFacts.Value("value.DRM_FORMAT_MOD_LINEAR"), linear);
        Assert.Equal(SpaFacts.Value("value.DRM_FORMAT_MOD_INVALID"), invalid);
    }

    [Fact]
    public void Buffers_DmaBuf_MatchesSpaBuilder() =>
        Assert.Equal(SpaFacts.Pod("buffers_dmabuf"), StreamParams.Buffers(dmaBuf: true));

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
