using System.Reflection;
using System.Security.Cryptography;
using WlWebRtc.Session.Processes;

namespace WlWebRtc.Session.Sway;

/// <summary>
/// xdg-desktop-portal-wlr 0.6/0.7 refuses every screen cast unless wlr-screencopy announces a DMA-BUF format, which a
/// pixman-rendered headless sway (no GPU, no /dev/dri) never does (upstream issue #289). The LD_PRELOAD library
/// <c>xdpw-shm-shim.c</c> wraps the listener xdpw installs on each <c>zwlr_screencopy_frame_v1</c> and, after each
/// wl_shm <c>buffer</c> event, reports a <c>linux_dmabuf</c> event of the same format and size; xdpw then streams
/// wl_shm (MemFd) buffers. The build compiles it beside the executable (<see cref="PrebuiltFileName"/>, the
/// BuildXdpwShim target of WlWebRtc.Session.csproj, where gcc exists); only a build without gcc leaves it to the first
/// start, which compiles the embedded source with gcc into the session's <c>lib/</c>, cached by the source's hash.
/// </summary>
internal static class XdpwShim
{
    /// <summary>The prebuilt library's name in the executable's directory.</summary>
    public const string PrebuiltFileName = "xdpw-shm-shim.so";

    private const string SourceResource = "WlWebRtc.Session.xdpw-shm-shim.c";

    private static readonly SemaphoreSlim BuildLock = new(1, 1);

    /// <summary>The source the build compiled (embedded in this assembly).</summary>
    public static byte[] Source()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(SourceResource)
            ?? throw new InvalidOperationException($"the resource {SourceResource} is missing from the assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The prebuilt library beside the executable, or null.</summary>
    public static string? Prebuilt(string baseDirectory)
    {
        var path = Path.Combine(baseDirectory, PrebuiltFileName);
        return File.Exists(path) && new FileInfo(path).Length > 0 ? path : null;
    }

    /// <summary>The prebuilt library if the build made one, else a build of the embedded source in <paramref name="libraryDirectory"/> (gcc).</summary>
    public static async Task<string> LocateOrBuildAsync(string libraryDirectory, CancellationToken cancellationToken) =>
        Prebuilt(AppContext.BaseDirectory) ?? await EnsureBuiltAsync(libraryDirectory, cancellationToken).ConfigureAwait(false);

    /// <summary>Builds the shim into <paramref name="libraryDirectory"/> unless a build of this source is there; returns the .so path.</summary>
    public static async Task<string> EnsureBuiltAsync(string libraryDirectory, CancellationToken cancellationToken)
    {
        var source = Source();
        var hash = Convert.ToHexStringLower(SHA256.HashData(source))[..16];
        var library = Path.Combine(libraryDirectory, $"xdpw-shm-shim-{hash}.so");
        await BuildLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (File.Exists(library) && new FileInfo(library).Length > 0)
            {
                return library;
            }

            RequiredPrograms.EnsurePresent([("gcc", "gcc libc6-dev")]);
            Directory.CreateDirectory(libraryDirectory);
            var sourcePath = Path.Combine(libraryDirectory, $"xdpw-shm-shim-{hash}.c");
            await File.WriteAllBytesAsync(sourcePath, source, cancellationToken).ConfigureAwait(false);
            var temporary = $"{library}.{Environment.ProcessId}.tmp";
            var result = await CommandRunner.RunAsync(
                "gcc", ["-shared", "-fPIC", "-O2", "-Wall", "-o", temporary, sourcePath, "-ldl"], null, TimeSpan.FromSeconds(120), cancellationToken).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                throw new SessionStartException($"building the xdg-desktop-portal-wlr shim failed (gcc exit {result.ExitCode}; needs the Debian packages gcc libc6-dev): {result.StandardError}");
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
