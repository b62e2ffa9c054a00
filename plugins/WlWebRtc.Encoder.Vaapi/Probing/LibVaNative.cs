using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace WlWebRtc.Encoder.Vaapi.Probing;

/// <summary>The real libva. Loading is checked once, so a missing libva is a reason, not a DllNotFoundException.</summary>
internal sealed class LibVaNative : IVaapiNative
{
    private static readonly Lazy<string?> LoadErrorOnce = new(CheckLibraries);

    public static LibVaNative Instance { get; } = new();

    private LibVaNative()
    {
    }

    public string? LoadError => LoadErrorOnce.Value;

    public bool TryOpen(string renderNode, [NotNullWhen(true)] out IVaapiDisplay? display, [NotNullWhen(false)] out string? error)
    {
        display = null;
        Microsoft.Win32.SafeHandles.SafeFileHandle node;
        try
        {
            node = File.OpenHandle(renderNode, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        }
        catch (UnauthorizedAccessException)
        {
            error = $"cannot open {renderNode}: permission denied (is this user in the group that owns it, usually 'render'?)";
            return false;
        }
        catch (IOException ex)
        {
            error = $"cannot open {renderNode}: {ex.Message}";
            return false;
        }

        display = LibVaDisplay.Create(node);
        if (display is null)
        {
            error = $"vaGetDisplayDRM gave no display for {renderNode} (not a DRM device?)";
            return false;
        }

        error = null;
        return true;
    }

    private static string? CheckLibraries()
    {
        // The handles stay loaded: the P/Invokes resolve to the same libraries.
        foreach (var library in new[] { Interop.LibVa.LibraryName, Interop.LibVa.DrmLibraryName })
        {
            if (!NativeLibrary.TryLoad(library, out _))
            {
                return $"{library} not installed (Debian: apt-get install {(library == Interop.LibVa.LibraryName ? "libva2" : "libva-drm2")})";
            }
        }

        return null;
    }
}
