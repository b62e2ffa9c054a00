using WlWebRtc.Media;

namespace WlWebRtc.PipeWire.Spa;

/// <summary>The params a video capture stream offers: EnumFormat before connecting, Buffers and Meta once a format is set.</summary>
internal static class StreamParams
{
    public const int MaxDamageRegions = 16;
    public const int CursorBitmapDefaultSide = 64;
    /// <summary>Mutter offers cursor metadata only to a consumer whose meta size reaches its bitmap (HiDPI cursors: 512×512).</summary>
    public const int CursorBitmapMaxSide = 512;

    private static readonly (uint, uint) DefaultSize = (1920, 1080);
    private static readonly (uint, uint) MinimumSize = (1, 1);
    private static readonly (uint, uint) MaximumSize = (8192, 8192);

    /// <summary>
    /// EnumFormat pods, most preferred first (PipeWire tries the consumer's pods in order against the producer's and
    /// takes the first that intersects). With <paramref name="dmaBuf"/> (the encoder imports DMA-BUF): one pod per
    /// format carrying the modifiers (mandatory, not fixated by the producer), then one pod with every format for
    /// shared memory. With <paramref name="linearDmaBuf"/> (the encoder reads CPU memory): the shared-memory pod
    /// first, then one pod per format offering DMA-BUF with only DRM_FORMAT_MOD_LINEAR, the one layout the CPU can
    /// read after mapping, for producers that offer nothing else; reading mapped GPU memory is slow, so shared memory stays preferred.
    /// With <paramref name="size"/> every pod asks for exactly that size instead of any size (a producer whose size
    /// follows its consumer, such as Mutter's virtual monitor, then takes it).
    /// </summary>
    public static IReadOnlyList<byte[]> EnumFormats(IReadOnlyList<PixelFormat> formats, bool dmaBuf, IReadOnlyList<ulong> modifiers, int preferredFrameRate, bool linearDmaBuf = false, (uint Width, uint Height)? size = null)
    {
        var spaFormats = formats.Select(SpaVideoFormats.ToSpa).OfType<uint>().Distinct().ToArray();
        if (spaFormats.Length == 0)
        {
            throw new ArgumentException("None of the accepted pixel formats can be captured.", nameof(formats));
        }

        var pods = new List<byte[]>();
        if (dmaBuf)
        {
            long[] offered = modifiers.Count > 0 ? [.. modifiers.Select(m => (long)m)] : [(long)SpaConstants.ModifierLinear, (long)SpaConstants.ModifierInvalid];
            pods.AddRange(spaFormats.Select(format => EnumFormat([format], offered, preferredFrameRate, size)));
        }

        pods.Add(EnumFormat(spaFormats, null, preferredFrameRate, size));
        if (!dmaBuf && linearDmaBuf)
        {
            pods.AddRange(spaFormats.Select(format => EnumFormat([format], [(long)SpaConstants.ModifierLinear], preferredFrameRate, size)));
        }

        return pods;
    }

    public static byte[] EnumFormat(ReadOnlySpan<uint> spaFormats, ReadOnlySpan<long> modifiers, int preferredFrameRate, (uint Width, uint Height)? size = null)
    {
        var pod = new PodBuilder();
        var start = pod.BeginObject(SpaConstants.ObjectFormat, SpaConstants.ParamEnumFormat);
        pod.Property(SpaConstants.FormatMediaType);
        pod.Id(SpaConstants.MediaTypeVideo);
        pod.Property(SpaConstants.FormatMediaSubtype);
        pod.Id(SpaConstants.MediaSubtypeRaw);
        pod.Property(SpaConstants.FormatVideoFormat);
        if (spaFormats.Length == 1)
        {
            pod.Id(spaFormats[0]);
        }
        else
        {
            pod.ChoiceId(SpaConstants.ChoiceEnum, spaFormats[0], spaFormats);
        }

        if (!modifiers.IsEmpty)
        {
            pod.Property(SpaConstants.FormatVideoModifier, SpaConstants.PropFlagMandatory | SpaConstants.PropFlagDontFixate);
            pod.ChoiceLong(SpaConstants.ChoiceEnum, modifiers[0], modifiers);
        }

        pod.Property(SpaConstants.FormatVideoSize);
        if (size is { } exact)
        {
            pod.Rectangle(exact.Width, exact.Height);
        }
        else
        {
            pod.ChoiceRangePairs(SpaConstants.TypeRectangle, DefaultSize, MinimumSize, MaximumSize);
        }

        pod.Property(SpaConstants.FormatVideoFramerate);
        pod.ChoiceRangePairs(SpaConstants.TypeFraction, ((uint)preferredFrameRate, 1), (0, 1), (360, 1));
        pod.End(start);
        return pod.ToArray();
    }

    /// <summary>Buffers: 4 (2..16), one data block, of the memory kinds we map (and DMA-BUF when negotiated).</summary>
    public static byte[] Buffers(bool dmaBuf)
    {
        var dataTypes = (1 << (int)SpaConstants.DataMemFd) | (1 << (int)SpaConstants.DataMemPtr);
        if (dmaBuf)
        {
            dataTypes = 1 << (int)SpaConstants.DataDmaBuf;
        }

        var pod = new PodBuilder();
        var start = pod.BeginObject(SpaConstants.ObjectParamBuffers, SpaConstants.ParamBuffers);
        pod.Property(SpaConstants.BuffersBuffers);
        pod.ChoiceInt(SpaConstants.ChoiceRange, 4, [2, 16]);
        pod.Property(SpaConstants.BuffersBlocks);
        pod.Int(1);
        pod.Property(SpaConstants.BuffersDataType);
        pod.ChoiceInt(SpaConstants.ChoiceFlags, dataTypes, []);
        pod.End(start);
        return pod.ToArray();
    }

    public static byte[] HeaderMeta()
    {
        var pod = new PodBuilder();
        var start = pod.BeginObject(SpaConstants.ObjectParamMeta, SpaConstants.ParamMeta);
        pod.Property(SpaConstants.MetaType);
        pod.Id(SpaConstants.MetaHeader);
        pod.Property(SpaConstants.MetaSize);
        pod.Int(SpaConstants.MetaHeaderSize);
        pod.End(start);
        return pod.ToArray();
    }

    public static byte[] DamageMeta() => SizedMeta(
        SpaConstants.MetaVideoDamage, SpaConstants.MetaRegionSize * MaxDamageRegions, SpaConstants.MetaRegionSize, SpaConstants.MetaRegionSize * MaxDamageRegions);

    public static byte[] CursorMeta() => SizedMeta(
        SpaConstants.MetaCursor, CursorMetaSize(CursorBitmapDefaultSide), CursorMetaSize(1), CursorMetaSize(CursorBitmapMaxSide));

    /// <summary>spa_meta_cursor + spa_meta_bitmap + a BGRA bitmap of side × side.</summary>
    public static int CursorMetaSize(int side) => SpaConstants.MetaCursorSize + SpaConstants.MetaBitmapSize + (side * side * 4);

    private static byte[] SizedMeta(uint type, int defaultSize, int minimum, int maximum)
    {
        var pod = new PodBuilder();
        var start = pod.BeginObject(SpaConstants.ObjectParamMeta, SpaConstants.ParamMeta);
        pod.Property(SpaConstants.MetaType);
        pod.Id(type);
        pod.Property(SpaConstants.MetaSize);
        pod.ChoiceInt(SpaConstants.ChoiceRange, defaultSize, [minimum, maximum]);
        pod.End(start);
        return pod.ToArray();
    }
}
