using WlWebRtc.Unix;

namespace WlWebRtc.Testing.Desktop;

/// <summary>The programs the desktop needs, with the Debian package that provides each.</summary>
internal static class RequiredPrograms
{
    public static readonly IReadOnlyList<(string Program, string Package)> All =
    [
        ("dbus-daemon", "dbus-daemon"),
        ("dbus-send", "dbus-bin"),
        ("sway", "sway"),
        ("swaymsg", "sway"),
        ("pipewire", "pipewire-bin"),
        ("wireplumber", "wireplumber"),
        ("pw-cli", "pipewire-bin"),
        ("/usr/libexec/xdg-permission-store", "xdg-desktop-portal"),
        ("/usr/libexec/xdg-desktop-portal", "xdg-desktop-portal"),
        ("/usr/libexec/xdg-desktop-portal-wlr", "xdg-desktop-portal-wlr"),
        ("gcc", "gcc libc6-dev"),
        ("unshare", "util-linux"),
        ("setpriv", "util-linux"),
    ];

    /// <summary>Throws naming every missing program and its Debian package.</summary>
    public static void EnsurePresent(IEnumerable<(string Program, string Package)> programs)
    {
        if (MissingPrograms.Find(programs) is { } missing)
        {
            throw new HeadlessDesktopException($"The headless desktop needs programs that are not installed: {missing.Description}. Install them: apt-get install {missing.Packages}");
        }
    }
}
