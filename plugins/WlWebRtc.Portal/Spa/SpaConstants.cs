namespace WlWebRtc.Portal.Spa;

/// <summary>Values from spa/param, spa/pod and spa/buffer headers (verified against them by PipeWireLayoutTests).</summary>
internal static class SpaConstants
{
    // spa_pod types (spa/utils/type.h)
    public const uint TypeNone = 1;
    public const uint TypeBool = 2;
    public const uint TypeId = 3;
    public const uint TypeInt = 4;
    public const uint TypeLong = 5;
    public const uint TypeFloat = 6;
    public const uint TypeDouble = 7;
    public const uint TypeString = 8;
    public const uint TypeBytes = 9;
    public const uint TypeRectangle = 10;
    public const uint TypeFraction = 11;
    public const uint TypeStruct = 14;
    public const uint TypeObject = 15;
    public const uint TypeChoice = 19;

    public const uint ObjectFormat = 0x40003;
    public const uint ObjectParamBuffers = 0x40004;
    public const uint ObjectParamMeta = 0x40005;

    // spa_choice_type
    public const uint ChoiceNone = 0;
    public const uint ChoiceRange = 1;
    public const uint ChoiceStep = 2;
    public const uint ChoiceEnum = 3;
    public const uint ChoiceFlags = 4;

    // spa_param_type
    public const uint ParamEnumFormat = 3;
    public const uint ParamFormat = 4;
    public const uint ParamBuffers = 5;
    public const uint ParamMeta = 6;

    // spa_format keys
    public const uint FormatMediaType = 1;
    public const uint FormatMediaSubtype = 2;
    public const uint FormatVideoFormat = 0x20001;
    public const uint FormatVideoModifier = 0x20002;
    public const uint FormatVideoSize = 0x20003;
    public const uint FormatVideoFramerate = 0x20004;
    public const uint FormatVideoMaxFramerate = 0x20005;

    public const uint MediaTypeVideo = 2;
    public const uint MediaSubtypeRaw = 1;

    // spa_param_buffers / spa_param_meta keys
    public const uint BuffersBuffers = 1;
    public const uint BuffersBlocks = 2;
    public const uint BuffersSize = 3;
    public const uint BuffersStride = 4;
    public const uint BuffersDataType = 6;
    public const uint MetaType = 1;
    public const uint MetaSize = 2;

    // spa_meta_type
    public const uint MetaHeader = 1;
    public const uint MetaVideoDamage = 3;
    public const uint MetaBitmap = 4;
    public const uint MetaCursor = 5;

    // spa_data_type
    public const uint DataMemPtr = 1;
    public const uint DataMemFd = 2;
    public const uint DataDmaBuf = 3;

    public const uint PropFlagMandatory = 1 << 3;
    public const uint PropFlagDontFixate = 1 << 4;

    public const uint ChunkFlagCorrupted = 1;

    // struct sizes this code depends on
    public const int MetaHeaderSize = 32;
    public const int MetaRegionSize = 16;
    public const int MetaCursorSize = 28;
    public const int MetaBitmapSize = 20;

    /// <summary>DRM_FORMAT_MOD_LINEAR.</summary>
    public const ulong ModifierLinear = 0;

    /// <summary>DRM_FORMAT_MOD_INVALID: the driver's implicit modifier.</summary>
    public const ulong ModifierInvalid = 0x00ff_ffff_ffff_ffff;
}
