/* Prints facts from the PipeWire/SPA headers as name=value lines, for comparison with the managed
 * declarations (PipeWireLayoutTests), and reference pods built with SPA's own inline builder (PodBuilderTests). */
#include <stddef.h>
#include <stdio.h>
#include <pipewire/pipewire.h>
#include <spa/param/video/format-utils.h>
#include <spa/param/buffers.h>
#include <spa/buffer/meta.h>
#include <spa/pod/builder.h>
#include <linux/dma-buf.h>
#include <libdrm/drm_fourcc.h>

#define SIZE(t) printf("sizeof.%s=%zu\n", #t, sizeof(struct t))
#define OFF(t, f) printf("offsetof.%s.%s=%zu\n", #t, #f, offsetof(struct t, f))
#define VAL(n) printf("value.%s=%lld\n", #n, (long long)(n))

static void dump(const char *name, const struct spa_pod *pod)
{
	const unsigned char *p = (const unsigned char *)pod;
	printf("pod.%s=", name);
	for (size_t i = 0; i < SPA_POD_SIZE(pod); i++)
		printf("%02x", p[i]);
	printf("\n");
}

int main(void)
{
	SIZE(pw_buffer); OFF(pw_buffer, buffer); OFF(pw_buffer, user_data); OFF(pw_buffer, size);
	SIZE(spa_buffer); OFF(spa_buffer, n_metas); OFF(spa_buffer, n_datas); OFF(spa_buffer, metas); OFF(spa_buffer, datas);
	SIZE(spa_meta); OFF(spa_meta, type); OFF(spa_meta, size); OFF(spa_meta, data);
	SIZE(spa_data); OFF(spa_data, type); OFF(spa_data, flags); OFF(spa_data, fd); OFF(spa_data, mapoffset);
	OFF(spa_data, maxsize); OFF(spa_data, data); OFF(spa_data, chunk);
	SIZE(spa_chunk); OFF(spa_chunk, offset); OFF(spa_chunk, size); OFF(spa_chunk, stride); OFF(spa_chunk, flags);
	SIZE(spa_meta_header); OFF(spa_meta_header, flags); OFF(spa_meta_header, offset); OFF(spa_meta_header, pts); OFF(spa_meta_header, seq);
	SIZE(spa_meta_region);
	SIZE(spa_meta_cursor); OFF(spa_meta_cursor, id); OFF(spa_meta_cursor, position); OFF(spa_meta_cursor, hotspot); OFF(spa_meta_cursor, bitmap_offset);
	SIZE(spa_meta_bitmap); OFF(spa_meta_bitmap, format); OFF(spa_meta_bitmap, size); OFF(spa_meta_bitmap, stride); OFF(spa_meta_bitmap, offset);
	SIZE(spa_hook);
	SIZE(pw_stream_events); OFF(pw_stream_events, version); OFF(pw_stream_events, destroy); OFF(pw_stream_events, state_changed);
	OFF(pw_stream_events, param_changed); OFF(pw_stream_events, add_buffer); OFF(pw_stream_events, remove_buffer); OFF(pw_stream_events, process);
	VAL(PW_VERSION_STREAM_EVENTS);
	VAL(SPA_PARAM_EnumFormat); VAL(SPA_PARAM_Format); VAL(SPA_PARAM_Buffers); VAL(SPA_PARAM_Meta);
	VAL(SPA_TYPE_OBJECT_Format); VAL(SPA_TYPE_OBJECT_ParamBuffers); VAL(SPA_TYPE_OBJECT_ParamMeta);
	VAL(SPA_FORMAT_mediaType); VAL(SPA_FORMAT_mediaSubtype); VAL(SPA_FORMAT_VIDEO_format); VAL(SPA_FORMAT_VIDEO_modifier);
	VAL(SPA_FORMAT_VIDEO_size); VAL(SPA_FORMAT_VIDEO_framerate); VAL(SPA_FORMAT_VIDEO_maxFramerate);
	VAL(SPA_MEDIA_TYPE_video); VAL(SPA_MEDIA_SUBTYPE_raw);
	VAL(SPA_PARAM_BUFFERS_buffers); VAL(SPA_PARAM_BUFFERS_blocks); VAL(SPA_PARAM_BUFFERS_size); VAL(SPA_PARAM_BUFFERS_stride);
	VAL(SPA_PARAM_BUFFERS_dataType); VAL(SPA_PARAM_META_type); VAL(SPA_PARAM_META_size);
	VAL(SPA_META_Header); VAL(SPA_META_VideoDamage); VAL(SPA_META_Cursor); VAL(SPA_META_Bitmap);
	VAL(SPA_DATA_MemPtr); VAL(SPA_DATA_MemFd); VAL(SPA_DATA_DmaBuf);
	VAL(SPA_VIDEO_FORMAT_BGRx); VAL(SPA_VIDEO_FORMAT_BGRA); VAL(SPA_VIDEO_FORMAT_RGBx); VAL(SPA_VIDEO_FORMAT_RGBA);
	VAL(SPA_VIDEO_FORMAT_xBGR); VAL(SPA_VIDEO_FORMAT_xRGB); VAL(SPA_VIDEO_FORMAT_I420); VAL(SPA_VIDEO_FORMAT_NV12);
	VAL(SPA_POD_PROP_FLAG_MANDATORY); VAL(SPA_POD_PROP_FLAG_DONT_FIXATE);
	VAL(PW_STREAM_FLAG_AUTOCONNECT); VAL(PW_STREAM_FLAG_MAP_BUFFERS); VAL(PW_STREAM_FLAG_DONT_RECONNECT);
	VAL(SPA_DIRECTION_INPUT); VAL(PW_ID_ANY); VAL(SPA_CHUNK_FLAG_CORRUPTED);
	VAL(DMA_BUF_IOCTL_SYNC); VAL(DMA_BUF_SYNC_READ); VAL(DMA_BUF_SYNC_START); VAL(DMA_BUF_SYNC_END);
	SIZE(dma_buf_sync); VAL(DRM_FORMAT_MOD_LINEAR); VAL(DRM_FORMAT_MOD_INVALID);

	uint8_t buffer[4096];
	struct spa_pod_builder b;
	struct spa_pod_frame f;

	/* EnumFormat: BGRx (default) or RGBx, sizes 1x1..8192x8192 (default 1920x1080), framerate 0/1..360/1 (default 30/1) */
	b = SPA_POD_BUILDER_INIT(buffer, sizeof buffer);
	dump("enum_format_shm", spa_pod_builder_add_object(&b, SPA_TYPE_OBJECT_Format, SPA_PARAM_EnumFormat,
		SPA_FORMAT_mediaType, SPA_POD_Id(SPA_MEDIA_TYPE_video),
		SPA_FORMAT_mediaSubtype, SPA_POD_Id(SPA_MEDIA_SUBTYPE_raw),
		SPA_FORMAT_VIDEO_format, SPA_POD_CHOICE_ENUM_Id(3, SPA_VIDEO_FORMAT_BGRx, SPA_VIDEO_FORMAT_BGRx, SPA_VIDEO_FORMAT_RGBx),
		SPA_FORMAT_VIDEO_size, SPA_POD_CHOICE_RANGE_Rectangle(&SPA_RECTANGLE(1920, 1080), &SPA_RECTANGLE(1, 1), &SPA_RECTANGLE(8192, 8192)),
		SPA_FORMAT_VIDEO_framerate, SPA_POD_CHOICE_RANGE_Fraction(&SPA_FRACTION(30, 1), &SPA_FRACTION(0, 1), &SPA_FRACTION(360, 1))));

	/* EnumFormat with DMA-BUF modifiers: BGRx only, modifiers {0 (linear), 0x00ffffffffffffff (invalid)} */
	b = SPA_POD_BUILDER_INIT(buffer, sizeof buffer);
	spa_pod_builder_push_object(&b, &f, SPA_TYPE_OBJECT_Format, SPA_PARAM_EnumFormat);
	spa_pod_builder_add(&b, SPA_FORMAT_mediaType, SPA_POD_Id(SPA_MEDIA_TYPE_video), 0);
	spa_pod_builder_add(&b, SPA_FORMAT_mediaSubtype, SPA_POD_Id(SPA_MEDIA_SUBTYPE_raw), 0);
	spa_pod_builder_add(&b, SPA_FORMAT_VIDEO_format, SPA_POD_Id(SPA_VIDEO_FORMAT_BGRx), 0);
	{
		struct spa_pod_frame cf;
		spa_pod_builder_prop(&b, SPA_FORMAT_VIDEO_modifier, SPA_POD_PROP_FLAG_MANDATORY | SPA_POD_PROP_FLAG_DONT_FIXATE);
		spa_pod_builder_push_choice(&b, &cf, SPA_CHOICE_Enum, 0);
		spa_pod_builder_long(&b, 0);
		spa_pod_builder_long(&b, 0);
		spa_pod_builder_long(&b, 0x00ffffffffffffffLL);
		spa_pod_builder_pop(&b, &cf);
	}
	spa_pod_builder_add(&b, SPA_FORMAT_VIDEO_size,
		SPA_POD_CHOICE_RANGE_Rectangle(&SPA_RECTANGLE(1920, 1080), &SPA_RECTANGLE(1, 1), &SPA_RECTANGLE(8192, 8192)), 0);
	spa_pod_builder_add(&b, SPA_FORMAT_VIDEO_framerate,
		SPA_POD_CHOICE_RANGE_Fraction(&SPA_FRACTION(30, 1), &SPA_FRACTION(0, 1), &SPA_FRACTION(360, 1)), 0);
	dump("enum_format_dmabuf", spa_pod_builder_pop(&b, &f));

	/* EnumFormat for a CPU reader that also takes DMA-BUF: one format (RGBx), only the linear modifier */
	b = SPA_POD_BUILDER_INIT(buffer, sizeof buffer);
	spa_pod_builder_push_object(&b, &f, SPA_TYPE_OBJECT_Format, SPA_PARAM_EnumFormat);
	spa_pod_builder_add(&b, SPA_FORMAT_mediaType, SPA_POD_Id(SPA_MEDIA_TYPE_video), 0);
	spa_pod_builder_add(&b, SPA_FORMAT_mediaSubtype, SPA_POD_Id(SPA_MEDIA_SUBTYPE_raw), 0);
	spa_pod_builder_add(&b, SPA_FORMAT_VIDEO_format, SPA_POD_Id(SPA_VIDEO_FORMAT_RGBx), 0);
	{
		struct spa_pod_frame cf;
		spa_pod_builder_prop(&b, SPA_FORMAT_VIDEO_modifier, SPA_POD_PROP_FLAG_MANDATORY | SPA_POD_PROP_FLAG_DONT_FIXATE);
		spa_pod_builder_push_choice(&b, &cf, SPA_CHOICE_Enum, 0);
		spa_pod_builder_long(&b, DRM_FORMAT_MOD_LINEAR);
		spa_pod_builder_long(&b, DRM_FORMAT_MOD_LINEAR);
		spa_pod_builder_pop(&b, &cf);
	}
	spa_pod_builder_add(&b, SPA_FORMAT_VIDEO_size,
		SPA_POD_CHOICE_RANGE_Rectangle(&SPA_RECTANGLE(1920, 1080), &SPA_RECTANGLE(1, 1), &SPA_RECTANGLE(8192, 8192)), 0);
	spa_pod_builder_add(&b, SPA_FORMAT_VIDEO_framerate,
		SPA_POD_CHOICE_RANGE_Fraction(&SPA_FRACTION(60, 1), &SPA_FRACTION(0, 1), &SPA_FRACTION(360, 1)), 0);
	dump("enum_format_dmabuf_linear_rgbx", spa_pod_builder_pop(&b, &f));

	/* Buffers for a negotiated DMA-BUF: 4 (2..16), 1 block, data type DmaBuf only */
	b = SPA_POD_BUILDER_INIT(buffer, sizeof buffer);
	dump("buffers_dmabuf", spa_pod_builder_add_object(&b, SPA_TYPE_OBJECT_ParamBuffers, SPA_PARAM_Buffers,
		SPA_PARAM_BUFFERS_buffers, SPA_POD_CHOICE_RANGE_Int(4, 2, 16),
		SPA_PARAM_BUFFERS_blocks, SPA_POD_Int(1),
		SPA_PARAM_BUFFERS_dataType, SPA_POD_CHOICE_FLAGS_Int(1 << SPA_DATA_DmaBuf)));

	/* Buffers: 4 (2..16), 1 block, data types MemFd|MemPtr */
	b = SPA_POD_BUILDER_INIT(buffer, sizeof buffer);
	dump("buffers_shm", spa_pod_builder_add_object(&b, SPA_TYPE_OBJECT_ParamBuffers, SPA_PARAM_Buffers,
		SPA_PARAM_BUFFERS_buffers, SPA_POD_CHOICE_RANGE_Int(4, 2, 16),
		SPA_PARAM_BUFFERS_blocks, SPA_POD_Int(1),
		SPA_PARAM_BUFFERS_dataType, SPA_POD_CHOICE_FLAGS_Int((1 << SPA_DATA_MemFd) | (1 << SPA_DATA_MemPtr))));

	b = SPA_POD_BUILDER_INIT(buffer, sizeof buffer);
	dump("meta_header", spa_pod_builder_add_object(&b, SPA_TYPE_OBJECT_ParamMeta, SPA_PARAM_Meta,
		SPA_PARAM_META_type, SPA_POD_Id(SPA_META_Header),
		SPA_PARAM_META_size, SPA_POD_Int(sizeof(struct spa_meta_header))));

	b = SPA_POD_BUILDER_INIT(buffer, sizeof buffer);
	dump("meta_damage", spa_pod_builder_add_object(&b, SPA_TYPE_OBJECT_ParamMeta, SPA_PARAM_Meta,
		SPA_PARAM_META_type, SPA_POD_Id(SPA_META_VideoDamage),
		SPA_PARAM_META_size, SPA_POD_CHOICE_RANGE_Int(sizeof(struct spa_meta_region) * 16,
			sizeof(struct spa_meta_region) * 1, sizeof(struct spa_meta_region) * 16)));

	/* A negotiated format as a producer sends it: BGRx 1280x720, 0/1, max 30/1, no modifier */
	b = SPA_POD_BUILDER_INIT(buffer, sizeof buffer);
	dump("format_fixed", spa_pod_builder_add_object(&b, SPA_TYPE_OBJECT_Format, SPA_PARAM_Format,
		SPA_FORMAT_mediaType, SPA_POD_Id(SPA_MEDIA_TYPE_video),
		SPA_FORMAT_mediaSubtype, SPA_POD_Id(SPA_MEDIA_SUBTYPE_raw),
		SPA_FORMAT_VIDEO_format, SPA_POD_Id(SPA_VIDEO_FORMAT_BGRx),
		SPA_FORMAT_VIDEO_size, SPA_POD_Rectangle(&SPA_RECTANGLE(1280, 720)),
		SPA_FORMAT_VIDEO_framerate, SPA_POD_Fraction(&SPA_FRACTION(0, 1)),
		SPA_FORMAT_VIDEO_maxFramerate, SPA_POD_Fraction(&SPA_FRACTION(30, 1))));

	/* ... and with a modifier */
	b = SPA_POD_BUILDER_INIT(buffer, sizeof buffer);
	dump("format_modifier", spa_pod_builder_add_object(&b, SPA_TYPE_OBJECT_Format, SPA_PARAM_Format,
		SPA_FORMAT_mediaType, SPA_POD_Id(SPA_MEDIA_TYPE_video),
		SPA_FORMAT_mediaSubtype, SPA_POD_Id(SPA_MEDIA_SUBTYPE_raw),
		SPA_FORMAT_VIDEO_format, SPA_POD_Id(SPA_VIDEO_FORMAT_RGBA),
		SPA_FORMAT_VIDEO_modifier, SPA_POD_Long(0x0100000000000002LL),
		SPA_FORMAT_VIDEO_size, SPA_POD_Rectangle(&SPA_RECTANGLE(3840, 2160)),
		SPA_FORMAT_VIDEO_framerate, SPA_POD_Fraction(&SPA_FRACTION(60, 1))));
	return 0;
}
