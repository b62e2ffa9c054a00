using System.Runtime.InteropServices;
using WlWebRtc.Hardware;

namespace WlWebRtc.Encoder.Nvenc.Probing;

/// <summary>dlopen and dlclose through <see cref="NativeLibrary"/>; the loader's message becomes the reason.</summary>
internal sealed class NativeLibraryProbe : INativeLibraryProbe
{
    public static NativeLibraryProbe Instance { get; } = new();

    private NativeLibraryProbe()
    {
    }

    public Detection TryLoad(string soname)
    {
        nint handle;
        try
        {
            handle = NativeLibrary.Load(soname);
        }
        catch (DllNotFoundException ex)
        {
            return Detection.Absent($"{soname} does not load: {LoaderMessage(ex.Message)}");
        }
        catch (BadImageFormatException ex)
        {
            return Detection.Absent($"{soname} does not load: {ex.Message}");
        }

        NativeLibrary.Free(handle);
        return Detection.Present($"{soname} loads");
    }

    /// <summary>
    /// The runtime wraps dlerror's text ("libcuda.so.1: cannot open shared object file: No such file or
    /// directory") in a paragraph of advice; keep the last line, which is dlerror's.
    /// </summary>
    internal static string LoaderMessage(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "unknown loader error" : lines[^1];
    }
}
