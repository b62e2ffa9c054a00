using System.Reflection;
using System.Runtime.InteropServices;

namespace WlWebRtc.FFmpeg;

internal static partial class Interop
{
    /// <summary>Logical library names used by [LibraryImport]; the resolver maps them to the versioned sonames found.</summary>
    internal static class Libraries
    {
        internal const string AvCodec = "wlwebrtc-avcodec";
        internal const string AvUtil = "wlwebrtc-avutil";
        internal const string SwScale = "wlwebrtc-swscale";
    }
}

/// <summary>One FFmpeg release line: the sonames of the three libraries we use.</summary>
internal sealed record FFmpegVersionLine(string Release, int AvCodec, int AvUtil, int SwScale)
{
    /// <summary>Known lines, the Debian 12 one first.</summary>
    public static IReadOnlyList<FFmpegVersionLine> Supported { get; } =
    [
        new("5.1", 59, 57, 6),
        new("6.x", 60, 58, 7),
        new("7.x", 61, 59, 8),
    ];
}

/// <summary>
/// Loads libavcodec/libavutil/libswscale once per process by versioned soname, checks that the versions
/// match one supported FFmpeg line, and runs the struct-layout self-check. Never throws from a static
/// constructor: <see cref="EnsureLoaded"/> throws <see cref="FFmpegException"/> with the reason instead.
/// </summary>
public static class FFmpegLibrary
{
    private static readonly Lock Gate = new();
    private static bool _attempted;
    private static string? _failure;
    private static nint _avcodec;
    private static nint _avutil;
    private static nint _swscale;

    /// <summary>The FFmpeg release line loaded ("5.1", "6.x", "7.x"), once loaded.</summary>
    public static string? Release { get; private set; }

    /// <summary>libavcodec's major version, once loaded.</summary>
    public static int AvCodecMajor { get; private set; }

    /// <summary>libavutil's major version, once loaded.</summary>
    public static int AvUtilMajor { get; private set; }

    /// <summary>Whether the libraries loaded and passed the self-check.</summary>
    public static bool IsSupported => TryEnsureLoaded(out _);

    /// <summary>Loads the libraries, or throws <see cref="FFmpegException"/> saying why they cannot be used.</summary>
    public static void EnsureLoaded()
    {
        if (!TryEnsureLoaded(out var reason))
        {
            throw new FFmpegException(reason);
        }
    }

    /// <summary>Loads the libraries; false with a reason when they cannot be used.</summary>
    public static bool TryEnsureLoaded(out string reason)
    {
        lock (Gate)
        {
            if (!_attempted)
            {
                _attempted = true;
                _failure = Load();
            }

            reason = _failure ?? $"FFmpeg {Release} (libavcodec {AvCodecMajor}, libavutil {AvUtilMajor})";
            return _failure is null;
        }
    }

    private static string? Load()
    {
        foreach (var line in FFmpegVersionLine.Supported)
        {
            if (!NativeLibrary.TryLoad($"libavutil.so.{line.AvUtil}", out var avutil))
            {
                continue;
            }

            if (!NativeLibrary.TryLoad($"libavcodec.so.{line.AvCodec}", out var avcodec))
            {
                return $"libavutil.so.{line.AvUtil} (FFmpeg {line.Release}) is installed but libavcodec.so.{line.AvCodec} is not";
            }

            if (!NativeLibrary.TryLoad($"libswscale.so.{line.SwScale}", out var swscale))
            {
                return $"libavcodec.so.{line.AvCodec} (FFmpeg {line.Release}) is installed but libswscale.so.{line.SwScale} is not";
            }

            _avutil = avutil;
            _avcodec = avcodec;
            _swscale = swscale;
            NativeLibrary.SetDllImportResolver(typeof(FFmpegLibrary).Assembly, Resolve);
            var codecMajor = (int)(Interop.AvCodec.avcodec_version() >> 16);
            var utilMajor = (int)(Interop.AvUtil.avutil_version() >> 16);
            var scaleMajor = (int)(Interop.SwScale.swscale_version() >> 16);
            if (codecMajor != line.AvCodec || utilMajor != line.AvUtil || scaleMajor != line.SwScale)
            {
                return $"unsupported FFmpeg version: libavcodec {codecMajor}, libavutil {utilMajor}, libswscale {scaleMajor} " +
                       $"do not form the FFmpeg {line.Release} line ({line.AvCodec}/{line.AvUtil}/{line.SwScale})";
            }

            Release = line.Release;
            AvCodecMajor = codecMajor;
            AvUtilMajor = utilMajor;
            Interop.AvUtil.av_log_set_level(Interop.AvUtil.AV_LOG_ERROR);
            return NativeLayout.Initialize(codecMajor, utilMajor);
        }

        return DescribeUnsupported();
    }

    private static string DescribeUnsupported()
    {
        if (NativeLibrary.TryLoad("libavcodec.so", out var unversioned) &&
            NativeLibrary.TryGetExport(unversioned, "avcodec_version", out var export))
        {
            unsafe
            {
                var major = ((delegate* unmanaged<uint>)export)() >> 16;
                NativeLibrary.Free(unversioned);
                return $"unsupported FFmpeg version {major} (libavcodec.so.{major}); supported: libavcodec 59 (FFmpeg 5.1), 60 (6.x), 61 (7.x)";
            }
        }

        return "FFmpeg is not installed: none of libavcodec.so.59/60/61 (FFmpeg 5.1, 6.x, 7.x) could be loaded (Debian: apt-get install libavcodec59 libswscale6)";
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? path) => name switch
    {
        Interop.Libraries.AvCodec => _avcodec,
        Interop.Libraries.AvUtil => _avutil,
        Interop.Libraries.SwScale => _swscale,
        _ => 0,
    };
}
