using System.Security.Cryptography;
using System.Text;

namespace WlWebRtc.Testing.Desktop;

/// <summary>
/// xdg-desktop-portal-wlr 0.6/0.7 refuses every cast unless wlr-screencopy announces a DMA-BUF format,
/// which a pixman-rendered headless sway (no /dev/dri) never does (upstream issue #289). This LD_PRELOAD
/// library intercepts the listener xdpw installs on each zwlr_screencopy_frame_v1 and, after every wl_shm
/// <c>buffer</c> event, reports a matching <c>linux_dmabuf</c> event; xdpw then streams wl_shm (MemFd) buffers.
/// Built with gcc on first use and cached by the hash of its source.
/// </summary>
internal static class XdpwShim
{
    private const string Source = """
        /* LD_PRELOAD shim for xdg-desktop-portal-wlr on a GPU-less compositor (see XdpwShim.cs). */
        #define _GNU_SOURCE
        #include <dlfcn.h>
        #include <stdint.h>
        #include <string.h>

        struct wl_proxy;
        const char *wl_proxy_get_class(struct wl_proxy *proxy);

        typedef void (*buffer_fn)(void *, struct wl_proxy *, uint32_t, uint32_t, uint32_t, uint32_t);
        typedef void (*dmabuf_fn)(void *, struct wl_proxy *, uint32_t, uint32_t, uint32_t);

        /* zwlr_screencopy_frame_v1 events in protocol order (version 3). */
        enum { EV_BUFFER, EV_FLAGS, EV_READY, EV_FAILED, EV_DAMAGE, EV_LINUX_DMABUF, EV_BUFFER_DONE, EV_COUNT };

        static void *original[EV_COUNT];
        static void *patched[EV_COUNT];

        /* wl_shm formats 0 and 1 are the only ones not equal to their DRM fourcc. */
        static uint32_t drm_fourcc(uint32_t shm_format)
        {
            switch (shm_format) {
            case 0: return 0x34325241u; /* ARGB8888 'AR24' */
            case 1: return 0x34325258u; /* XRGB8888 'XR24' */
            default: return shm_format;
            }
        }

        static void on_buffer(void *data, struct wl_proxy *frame, uint32_t format,
                              uint32_t width, uint32_t height, uint32_t stride)
        {
            ((buffer_fn)original[EV_BUFFER])(data, frame, format, width, height, stride);
            if (original[EV_LINUX_DMABUF] != NULL)
                ((dmabuf_fn)original[EV_LINUX_DMABUF])(data, frame, drm_fourcc(format), width, height);
        }

        int wl_proxy_add_listener(struct wl_proxy *proxy, void (**implementation)(void), void *data)
        {
            static int (*next)(struct wl_proxy *, void (**)(void), void *);
            if (next == NULL)
                *(void **)&next = dlsym(RTLD_NEXT, "wl_proxy_add_listener");
            const char *interface_name = wl_proxy_get_class(proxy);
            if (interface_name != NULL && strcmp(interface_name, "zwlr_screencopy_frame_v1") == 0
                && (void *)implementation != (void *)patched) {
                memcpy(original, implementation, sizeof original);
                memcpy(patched, original, sizeof patched);
                patched[EV_BUFFER] = (void *)on_buffer;
                implementation = (void (**)(void))patched;
            }
            return next(proxy, implementation, data);
        }
        """;

    private static readonly SemaphoreSlim BuildLock = new(1, 1);

    /// <summary>Builds the shim unless a build of this source is cached; returns the .so path.</summary>
    public static async Task<string> EnsureBuiltAsync(string baseDirectory, CancellationToken cancellationToken)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Source)))[..16];
        var libDirectory = Path.Combine(baseDirectory, "lib");
        var library = Path.Combine(libDirectory, $"xdpw-shm-shim-{hash}.so");
        await BuildLock.WaitAsync(cancellationToken);
        try
        {
            if (File.Exists(library) && new FileInfo(library).Length > 0)
            {
                return library;
            }

            Directory.CreateDirectory(libDirectory);
            var source = Path.Combine(libDirectory, $"xdpw-shm-shim-{hash}.c");
            await File.WriteAllTextAsync(source, Source, cancellationToken);
            var temporary = $"{library}.{Environment.ProcessId}.tmp";
            var result = await ProcessRunner.RunAsync(
                "gcc", ["-shared", "-fPIC", "-O2", "-Wall", "-o", temporary, source, "-ldl"], null, TimeSpan.FromSeconds(60), cancellationToken);
            if (result.ExitCode != 0)
            {
                throw new HeadlessDesktopException($"Building the xdpw shim failed (gcc exit {result.ExitCode}; needs Debian packages gcc libc6-dev): {result.StandardError}");
            }

            File.Move(temporary, library, overwrite: true);
            return library;
        }
        finally
        {
            BuildLock.Release();
        }
    }
}
