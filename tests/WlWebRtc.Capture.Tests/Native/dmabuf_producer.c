/* A PipeWire video source for the DMA-BUF tests: it allocates its own buffers (PW_STREAM_FLAG_ALLOC_BUFFERS) and,
 * when DMA-BUF is negotiated, hands them out as SPA_DATA_DmaBuf. This machine has no GPU, /dev/udmabuf or
 * /dev/dma_heap, so the fds are memfds labelled DMA-BUF (as a compositor labels its dma-bufs): PipeWire negotiates
 * and transports them exactly as it would real ones; only DMA_BUF_IOCTL_SYNC answers ENOTTY on them.
 *
 * usage: dmabuf_producer NODE_NAME MODE WIDTH HEIGHT 0xRRGGBB
 *   MODE dmabuf: offers BGRx with modifier LINEAR only (DMA-BUF only)
 *   MODE both:   offers DMA-BUF (LINEAR) first, then shared memory, as compositors with a GPU do
 * Each frame lies at a plane offset of 4096 with a padded stride (width * 4 + 64), to exercise both.
 * Prints "negotiated dmabuf" / "negotiated shm" when a format is set. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <pipewire/pipewire.h>
#include <spa/param/video/format-utils.h>
#include <spa/param/buffers.h>
#include <spa/pod/builder.h>

#define PLANE_OFFSET 4096

struct producer {
	struct pw_main_loop *loop;
	struct pw_stream *stream;
	struct spa_hook listener;
	struct spa_source *timer;
	int width, height, stride, size;
	uint32_t colour;
	int both;
	int dmabuf;
};

static const struct spa_pod *enum_format(struct spa_pod_builder *b, struct producer *p, int with_modifier)
{
	struct spa_pod_frame f;
	spa_pod_builder_push_object(b, &f, SPA_TYPE_OBJECT_Format, SPA_PARAM_EnumFormat);
	spa_pod_builder_add(b,
		SPA_FORMAT_mediaType, SPA_POD_Id(SPA_MEDIA_TYPE_video),
		SPA_FORMAT_mediaSubtype, SPA_POD_Id(SPA_MEDIA_SUBTYPE_raw),
		SPA_FORMAT_VIDEO_format, SPA_POD_Id(SPA_VIDEO_FORMAT_BGRx),
		SPA_FORMAT_VIDEO_size, SPA_POD_Rectangle(&SPA_RECTANGLE(p->width, p->height)),
		SPA_FORMAT_VIDEO_framerate, SPA_POD_Fraction(&SPA_FRACTION(0, 1)),
		SPA_FORMAT_VIDEO_maxFramerate, SPA_POD_Fraction(&SPA_FRACTION(30, 1)), 0);
	if (with_modifier) {
		spa_pod_builder_prop(b, SPA_FORMAT_VIDEO_modifier, SPA_POD_PROP_FLAG_MANDATORY);
		spa_pod_builder_long(b, 0); /* DRM_FORMAT_MOD_LINEAR */
	}
	return spa_pod_builder_pop(b, &f);
}

static void on_param_changed(void *data, uint32_t id, const struct spa_pod *param)
{
	struct producer *p = data;
	if (id != SPA_PARAM_Format || param == NULL)
		return;
	p->dmabuf = spa_pod_find_prop(param, NULL, SPA_FORMAT_VIDEO_modifier) != NULL;
	printf("negotiated %s\n", p->dmabuf ? "dmabuf" : "shm");
	fflush(stdout);

	uint8_t buffer[1024];
	struct spa_pod_builder b = SPA_POD_BUILDER_INIT(buffer, sizeof buffer);
	const struct spa_pod *params[1];
	params[0] = spa_pod_builder_add_object(&b, SPA_TYPE_OBJECT_ParamBuffers, SPA_PARAM_Buffers,
		SPA_PARAM_BUFFERS_buffers, SPA_POD_CHOICE_RANGE_Int(4, 2, 8),
		SPA_PARAM_BUFFERS_blocks, SPA_POD_Int(1),
		SPA_PARAM_BUFFERS_size, SPA_POD_Int(p->size),
		SPA_PARAM_BUFFERS_stride, SPA_POD_Int(p->stride),
		SPA_PARAM_BUFFERS_dataType, SPA_POD_CHOICE_FLAGS_Int(1 << (p->dmabuf ? SPA_DATA_DmaBuf : SPA_DATA_MemFd)));
	pw_stream_update_params(p->stream, params, 1);
}

static void on_add_buffer(void *data, struct pw_buffer *buffer)
{
	struct producer *p = data;
	struct spa_data *d = &buffer->buffer->datas[0];
	int fd = memfd_create("wlwebrtc-test-dmabuf", MFD_CLOEXEC);
	if (fd < 0 || ftruncate(fd, p->size) < 0) {
		fprintf(stderr, "memfd: %s\n", strerror(errno));
		exit(3);
	}
	d->type = p->dmabuf ? SPA_DATA_DmaBuf : SPA_DATA_MemFd;
	d->flags = SPA_DATA_FLAG_READABLE;
	d->fd = fd;
	d->mapoffset = 0;
	d->maxsize = p->size;
	d->data = mmap(NULL, p->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (d->data == MAP_FAILED) {
		fprintf(stderr, "mmap: %s\n", strerror(errno));
		exit(3);
	}
}

static void on_remove_buffer(void *data, struct pw_buffer *buffer)
{
	struct producer *p = data;
	struct spa_data *d = &buffer->buffer->datas[0];
	munmap(d->data, p->size);
	close(d->fd);
}

static void on_process(void *data)
{
	struct producer *p = data;
	struct pw_buffer *b = pw_stream_dequeue_buffer(p->stream);
	if (b == NULL)
		return;
	struct spa_data *d = &b->buffer->datas[0];
	uint8_t *pixels = (uint8_t *)d->data;
	memset(pixels, 0xee, p->size); /* padding and the bytes before the plane: never part of the picture */
	for (int y = 0; y < p->height; y++) {
		uint8_t *row = pixels + PLANE_OFFSET + (size_t)y * p->stride;
		for (int x = 0; x < p->width; x++) {
			row[x * 4 + 0] = p->colour & 0xff;
			row[x * 4 + 1] = (p->colour >> 8) & 0xff;
			row[x * 4 + 2] = (p->colour >> 16) & 0xff;
			row[x * 4 + 3] = 0xff;
		}
	}
	d->chunk->offset = PLANE_OFFSET;
	d->chunk->stride = p->stride;
	d->chunk->size = p->stride * p->height;
	d->chunk->flags = 0;
	pw_stream_queue_buffer(p->stream, b);
}

static void on_timeout(void *data, uint64_t expirations)
{
	struct producer *p = data;
	pw_stream_trigger_process(p->stream);
}

static void on_state_changed(void *data, enum pw_stream_state old, enum pw_stream_state state, const char *error)
{
	struct producer *p = data;
	struct timespec value = { 0, 1 }, interval = { 0, 33333333 };
	if (state == PW_STREAM_STATE_STREAMING)
		pw_loop_update_timer(pw_main_loop_get_loop(p->loop), p->timer, &value, &interval, false);
	else
		pw_loop_update_timer(pw_main_loop_get_loop(p->loop), p->timer, NULL, NULL, false);
	if (state == PW_STREAM_STATE_ERROR) {
		fprintf(stderr, "stream error: %s\n", error ? error : "?");
		pw_main_loop_quit(p->loop);
	}
}

static const struct pw_stream_events events = {
	PW_VERSION_STREAM_EVENTS,
	.state_changed = on_state_changed,
	.param_changed = on_param_changed,
	.add_buffer = on_add_buffer,
	.remove_buffer = on_remove_buffer,
	.process = on_process,
};

int main(int argc, char *argv[])
{
	if (argc != 6) {
		fprintf(stderr, "usage: %s NODE_NAME dmabuf|both WIDTH HEIGHT 0xRRGGBB\n", argv[0]);
		return 2;
	}
	struct producer p = { 0 };
	p.both = strcmp(argv[2], "both") == 0;
	p.width = atoi(argv[3]);
	p.height = atoi(argv[4]);
	p.colour = (uint32_t)strtoul(argv[5], NULL, 16);
	p.stride = p.width * 4 + 64;
	p.size = PLANE_OFFSET + p.stride * p.height;

	pw_init(&argc, &argv);
	p.loop = pw_main_loop_new(NULL);
	p.timer = pw_loop_add_timer(pw_main_loop_get_loop(p.loop), on_timeout, &p);
	char name[256];
	snprintf(name, sizeof name, "%s", argv[1]);
	p.stream = pw_stream_new_simple(pw_main_loop_get_loop(p.loop), name,
		pw_properties_new(PW_KEY_MEDIA_CLASS, "Video/Source", PW_KEY_NODE_NAME, name, NULL), &events, &p);

	uint8_t buffer[2048];
	struct spa_pod_builder b = SPA_POD_BUILDER_INIT(buffer, sizeof buffer);
	const struct spa_pod *params[2];
	uint32_t n = 0;
	params[n++] = enum_format(&b, &p, 1);
	if (p.both)
		params[n++] = enum_format(&b, &p, 0);
	if (pw_stream_connect(p.stream, PW_DIRECTION_OUTPUT, PW_ID_ANY,
			PW_STREAM_FLAG_DRIVER | PW_STREAM_FLAG_ALLOC_BUFFERS, params, n) < 0) {
		fprintf(stderr, "pw_stream_connect failed\n");
		return 1;
	}
	pw_main_loop_run(p.loop);
	pw_stream_destroy(p.stream);
	pw_main_loop_destroy(p.loop);
	return 0;
}
