namespace WlWebRtc.DBus.Portals;

/// <summary>
/// A portal directory that holds one backend's <c>.portal</c> file, for xdg-desktop-portal's
/// <c>XDG_DESKTOP_PORTAL_DIR</c>. xdg-desktop-portal 1.16 falls back to any installed backend that implements an
/// interface when the desktop's own backend does not: with xdg-desktop-portal-gnome installed beside sway, a sway
/// session would offer GNOME's RemoteDesktop portal, which cannot work without Mutter.
/// </summary>
public static class PortalBackendDirectory
{
    /// <summary>Where distributions install the backends' <c>.portal</c> files.</summary>
    public const string SystemDirectory = "/usr/share/xdg-desktop-portal/portals";

    /// <summary>
    /// Creates <paramref name="directory"/> holding only <paramref name="backend"/>.portal (e.g. <c>wlr</c>) and returns
    /// it, or returns null when that backend is not installed (xdg-desktop-portal then uses its own directory).
    /// </summary>
    public static string? Create(string directory, string backend, string systemDirectory = SystemDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(backend);
        var source = Path.Combine(systemDirectory, backend + ".portal");
        if (!File.Exists(source))
        {
            return null;
        }

        Directory.CreateDirectory(directory);
        File.Copy(source, Path.Combine(directory, backend + ".portal"), overwrite: true);
        return directory;
    }
}
