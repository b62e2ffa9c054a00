using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using WlWebRtc.Portal.PipeWire;
using WlWebRtc.Portal.Spa;
using WlWebRtc.Capture.Tests.Native;
using static WlWebRtc.Portal.PipeWire.Interop.PipeWire;

namespace WlWebRtc.Capture.Tests.PipeWire;

public sealed class PipeWireLayoutTests
{
    public static TheoryData<string, int> Sizes => new()
    {
        { "pw_buffer", Unsafe.SizeOf<PwBuffer>() },
        { "spa_buffer", Unsafe.SizeOf<SpaBuffer>() },
        { "spa_meta", Unsafe.SizeOf<SpaMeta>() },
        { "spa_data", Unsafe.SizeOf<SpaData>() },
        { "spa_chunk", Unsafe.SizeOf<SpaChunk>() },
        { "spa_meta_header", Unsafe.SizeOf<SpaMetaHeader>() },
        { "spa_meta_region", Unsafe.SizeOf<SpaMetaRegion>() },
        { "spa_meta_cursor", Unsafe.SizeOf<SpaMetaCursor>() },
        { "spa_meta_bitmap", Unsafe.SizeOf<SpaMetaBitmap>() },
        { "spa_hook", Unsafe.SizeOf<SpaHook>() },
        { "pw_stream_events", Unsafe.SizeOf<PwStreamEvents>() },
    };

    public static TheoryData<string, int> Offsets => new()
    {
        { "pw_buffer.buffer", (int)Marshal.OffsetOf<PwBuffer>(nameof(PwBuffer.Buffer)) },
        { "pw_buffer.user_data", (int)Marshal.OffsetOf<PwBuffer>(nameof(PwBuffer.UserData)) },
        { "pw_buffer.size", (int)Marshal.OffsetOf<PwBuffer>(nameof(PwBuffer.Size)) },
        { "spa_buffer.n_metas", (int)Marshal.OffsetOf<SpaBuffer>(nameof(SpaBuffer.MetaCount)) },
        { "spa_buffer.n_datas", (int)Marshal.OffsetOf<SpaBuffer>(nameof(SpaBuffer.DataCount)) },
        { "spa_buffer.metas", (int)Marshal.OffsetOf<SpaBuffer>(nameof(SpaBuffer.Metas)) },
        { "spa_buffer.datas", (int)Marshal.OffsetOf<SpaBuffer>(nameof(SpaBuffer.Datas)) },
        { "spa_meta.type", (int)Marshal.OffsetOf<SpaMeta>(nameof(SpaMeta.Type)) },
        { "spa_meta.size", (int)Marshal.OffsetOf<SpaMeta>(nameof(SpaMeta.Size)) },
        { "spa_meta.data", (int)Marshal.OffsetOf<SpaMeta>(nameof(SpaMeta.Data)) },
        { "spa_data.type", (int)Marshal.OffsetOf<SpaData>(nameof(SpaData.Type)) },
        { "spa_data.flags", (int)Marshal.OffsetOf<SpaData>(nameof(SpaData.Flags)) },
        { "spa_data.fd", (int)Marshal.OffsetOf<SpaData>(nameof(SpaData.Fd)) },
        { "spa_data.mapoffset", (int)Marshal.OffsetOf<SpaData>(nameof(SpaData.MapOffset)) },
        { "spa_data.maxsize", (int)Marshal.OffsetOf<SpaData>(nameof(SpaData.MaxSize)) },
        { "spa_data.data", (int)Marshal.OffsetOf<SpaData>(nameof(SpaData.Data)) },
        { "spa_data.chunk", (int)Marshal.OffsetOf<SpaData>(nameof(SpaData.Chunk)) },
        { "spa_chunk.offset", (int)Marshal.OffsetOf<SpaChunk>(nameof(SpaChunk.Offset)) },
        { "spa_chunk.size", (int)Marshal.OffsetOf<SpaChunk>(nameof(SpaChunk.Size)) },
        { "spa_chunk.stride", (int)Marshal.OffsetOf<SpaChunk>(nameof(SpaChunk.Stride)) },
        { "spa_chunk.flags", (int)Marshal.OffsetOf<SpaChunk>(nameof(SpaChunk.Flags)) },
        { "spa_meta_header.flags", (int)Marshal.OffsetOf<SpaMetaHeader>(nameof(SpaMetaHeader.Flags)) },
        { "spa_meta_header.offset", (int)Marshal.OffsetOf<SpaMetaHeader>(nameof(SpaMetaHeader.Offset)) },
        { "spa_meta_header.pts", (int)Marshal.OffsetOf<SpaMetaHeader>(nameof(SpaMetaHeader.Pts)) },
        { "spa_meta_header.seq", (int)Marshal.OffsetOf<SpaMetaHeader>(nameof(SpaMetaHeader.Sequence)) },
        { "spa_meta_cursor.id", (int)Marshal.OffsetOf<SpaMetaCursor>(nameof(SpaMetaCursor.Id)) },
        { "spa_meta_cursor.position", (int)Marshal.OffsetOf<SpaMetaCursor>(nameof(SpaMetaCursor.X)) },
        { "spa_meta_cursor.hotspot", (int)Marshal.OffsetOf<SpaMetaCursor>(nameof(SpaMetaCursor.HotspotX)) },
        { "spa_meta_cursor.bitmap_offset", (int)Marshal.OffsetOf<SpaMetaCursor>(nameof(SpaMetaCursor.BitmapOffset)) },
        { "spa_meta_bitmap.format", (int)Marshal.OffsetOf<SpaMetaBitmap>(nameof(SpaMetaBitmap.Format)) },
        { "spa_meta_bitmap.size", (int)Marshal.OffsetOf<SpaMetaBitmap>(nameof(SpaMetaBitmap.Width)) },
        { "spa_meta_bitmap.stride", (int)Marshal.OffsetOf<SpaMetaBitmap>(nameof(SpaMetaBitmap.Stride)) },
        { "spa_meta_bitmap.offset", (int)Marshal.OffsetOf<SpaMetaBitmap>(nameof(SpaMetaBitmap.Offset)) },
        { "pw_stream_events.version", (int)Marshal.OffsetOf<PwStreamEvents>(nameof(PwStreamEvents.Version)) },
        { "pw_stream_events.destroy", (int)Marshal.OffsetOf<PwStreamEvents>(nameof(PwStreamEvents.Destroy)) },
        { "pw_stream_events.state_changed", (int)Marshal.OffsetOf<PwStreamEvents>(nameof(PwStreamEvents.StateChanged)) },
        { "pw_stream_events.param_changed", (int)Marshal.OffsetOf<PwStreamEvents>(nameof(PwStreamEvents.ParamChanged)) },
        { "pw_stream_events.add_buffer", (int)Marshal.OffsetOf<PwStreamEvents>(nameof(PwStreamEvents.AddBuffer)) },
        { "pw_stream_events.remove_buffer", (int)Marshal.OffsetOf<PwStreamEvents>(nameof(PwStreamEvents.RemoveBuffer)) },
        { "pw_stream_events.process", (int)Marshal.OffsetOf<PwStreamEvents>(nameof(PwStreamEvents.Process)) },
    };

    public static TheoryData<string, long> Constants => new()
    {
        { "PW_VERSION_STREAM_EVENTS", StreamEventsVersion },
        { "PW_STREAM_FLAG_AUTOCONNECT", FlagAutoconnect },
        { "PW_STREAM_FLAG_DONT_RECONNECT", FlagDontReconnect },
        { "SPA_DIRECTION_INPUT", DirectionInput },
        { "PW_ID_ANY", IdAny },
        { "SPA_PARAM_EnumFormat", SpaConstants.ParamEnumFormat },
        { "SPA_PARAM_Format", SpaConstants.ParamFormat },
        { "SPA_PARAM_Buffers", SpaConstants.ParamBuffers },
        { "SPA_PARAM_Meta", SpaConstants.ParamMeta },
        { "SPA_TYPE_OBJECT_Format", SpaConstants.ObjectFormat },
        { "SPA_TYPE_OBJECT_ParamBuffers", SpaConstants.ObjectParamBuffers },
        { "SPA_TYPE_OBJECT_ParamMeta", SpaConstants.ObjectParamMeta },
        { "SPA_FORMAT_mediaType", SpaConstants.FormatMediaType },
        { "SPA_FORMAT_mediaSubtype", SpaConstants.FormatMediaSubtype },
        { "SPA_FORMAT_VIDEO_format", SpaConstants.FormatVideoFormat },
        { "SPA_FORMAT_VIDEO_modifier", SpaConstants.FormatVideoModifier },
        { "SPA_FORMAT_VIDEO_size", SpaConstants.FormatVideoSize },
        { "SPA_FORMAT_VIDEO_framerate", SpaConstants.FormatVideoFramerate },
        { "SPA_FORMAT_VIDEO_maxFramerate", SpaConstants.FormatVideoMaxFramerate },
        { "SPA_MEDIA_TYPE_video", SpaConstants.MediaTypeVideo },
        { "SPA_MEDIA_SUBTYPE_raw", SpaConstants.MediaSubtypeRaw },
        { "SPA_PARAM_BUFFERS_buffers", SpaConstants.BuffersBuffers },
        { "SPA_PARAM_BUFFERS_blocks", SpaConstants.BuffersBlocks },
        { "SPA_PARAM_BUFFERS_dataType", SpaConstants.BuffersDataType },
        { "SPA_PARAM_META_type", SpaConstants.MetaType },
        { "SPA_PARAM_META_size", SpaConstants.MetaSize },
        { "SPA_META_Header", SpaConstants.MetaHeader },
        { "SPA_META_VideoDamage", SpaConstants.MetaVideoDamage },
        { "SPA_META_Cursor", SpaConstants.MetaCursor },
        { "SPA_META_Bitmap", SpaConstants.MetaBitmap },
        { "SPA_DATA_MemPtr", SpaConstants.DataMemPtr },
        { "SPA_DATA_MemFd", SpaConstants.DataMemFd },
        { "SPA_DATA_DmaBuf", SpaConstants.DataDmaBuf },
        { "SPA_VIDEO_FORMAT_BGRx", SpaVideoFormats.Bgrx },
        { "SPA_VIDEO_FORMAT_BGRA", SpaVideoFormats.Bgra },
        { "SPA_VIDEO_FORMAT_RGBx", SpaVideoFormats.Rgbx },
        { "SPA_VIDEO_FORMAT_RGBA", SpaVideoFormats.Rgba },
        { "SPA_VIDEO_FORMAT_xBGR", SpaVideoFormats.Xbgr },
        { "SPA_VIDEO_FORMAT_xRGB", SpaVideoFormats.Xrgb },
        { "SPA_VIDEO_FORMAT_I420", SpaVideoFormats.I420 },
        { "SPA_VIDEO_FORMAT_NV12", SpaVideoFormats.Nv12 },
        { "SPA_POD_PROP_FLAG_MANDATORY", SpaConstants.PropFlagMandatory },
        { "SPA_POD_PROP_FLAG_DONT_FIXATE", SpaConstants.PropFlagDontFixate },
        { "SPA_CHUNK_FLAG_CORRUPTED", SpaConstants.ChunkFlagCorrupted },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void ManagedStruct_Size_MatchesHeader(string name, int managed) => Assert.Equal(SpaFacts.Value("sizeof." + name), managed);

    [Theory]
    [MemberData(nameof(Offsets))]
    public void ManagedField_Offset_MatchesHeader(string field, int managed) => Assert.Equal(SpaFacts.Value("offsetof." + field), managed);

    [Theory]
    [MemberData(nameof(Constants))]
    public void ManagedConstant_Value_MatchesHeader(string name, long managed) => Assert.Equal(SpaFacts.Value("value." + name), managed);

    [Fact]
    public void MetaSizes_UsedForParams_MatchHeader()
    {
        Assert.Equal(SpaConstants.MetaHeaderSize, SpaFacts.Value("sizeof.spa_meta_header"));
        Assert.Equal(SpaConstants.MetaRegionSize, SpaFacts.Value("sizeof.spa_meta_region"));
        Assert.Equal(SpaConstants.MetaCursorSize, SpaFacts.Value("sizeof.spa_meta_cursor"));
        Assert.Equal(SpaConstants.MetaBitmapSize, SpaFacts.Value("sizeof.spa_meta_bitmap"));
    }
}
