/* wlwebrtc: LD_PRELOAD shim for xdg-desktop-portal-wlr on a compositor without a GPU (see XdpwShim.cs; built by WlWebRtc.Session.csproj). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include <string.h>

struct wl_proxy;
const char *wl_proxy_get_class(struct wl_proxy *proxy);

typedef void (*shm_buffer_event)(void *, struct wl_proxy *, uint32_t, uint32_t, uint32_t, uint32_t);
typedef void (*dmabuf_event)(void *, struct wl_proxy *, uint32_t, uint32_t, uint32_t);

/* zwlr_screencopy_frame_v1 events, in protocol order (version 3) */
enum { FRAME_BUFFER, FRAME_FLAGS, FRAME_READY, FRAME_FAILED, FRAME_DAMAGE, FRAME_LINUX_DMABUF, FRAME_BUFFER_DONE, FRAME_EVENTS };

static void *xdpw_listener[FRAME_EVENTS];
static void *wrapped_listener[FRAME_EVENTS];

/* wl_shm's ARGB8888 (0) and XRGB8888 (1) are the two codes that differ from the DRM fourcc */
static uint32_t to_fourcc(uint32_t shm_format)
{
    if (shm_format == 0) return 0x34325241u; /* AR24 */
    if (shm_format == 1) return 0x34325258u; /* XR24 */
    return shm_format;
}

static void buffer_then_dmabuf(void *data, struct wl_proxy *frame, uint32_t format,
                               uint32_t width, uint32_t height, uint32_t stride)
{
    ((shm_buffer_event)xdpw_listener[FRAME_BUFFER])(data, frame, format, width, height, stride);
    if (xdpw_listener[FRAME_LINUX_DMABUF] != NULL)
        ((dmabuf_event)xdpw_listener[FRAME_LINUX_DMABUF])(data, frame, to_fourcc(format), width, height);
}

int wl_proxy_add_listener(struct wl_proxy *proxy, void (**implementation)(void), void *data)
{
    static int (*real_add_listener)(struct wl_proxy *, void (**)(void), void *);
    if (real_add_listener == NULL)
        *(void **)&real_add_listener = dlsym(RTLD_NEXT, "wl_proxy_add_listener");
    const char *class_name = wl_proxy_get_class(proxy);
    if (class_name != NULL && strcmp(class_name, "zwlr_screencopy_frame_v1") == 0
        && (void *)implementation != (void *)wrapped_listener) {
        memcpy(xdpw_listener, implementation, sizeof xdpw_listener);
        memcpy(wrapped_listener, xdpw_listener, sizeof wrapped_listener);
        wrapped_listener[FRAME_BUFFER] = (void *)buffer_then_dmabuf;
        implementation = (void (**)(void))wrapped_listener;
    }
    return real_add_listener(proxy, implementation, data);
}
