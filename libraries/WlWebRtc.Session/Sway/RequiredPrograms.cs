using WlWebRtc.Unix;

namespace WlWebRtc.Session.Sway;

/// <summary>The programs a headless session needs, with the Debian package of each (scripts/install-deps.sh runtime installs them).</summary>
internal static class RequiredPrograms
{
    /// <summary>The bus and PipeWire, which every compositor's session runs.</summary>
    public static readonly IReadOnlyList<(string Program, string Package)> Common =
    [
        ("dbus-daemon", "dbus-daemon"),
        ("dbus-send", "dbus-bin"),
        ("pipewire", "pipewire-bin"),
        ("wireplumber", "wireplumber"),
        ("pw-cli", "pipewire-bin"),
        ("setpriv", "util-linux"),
        ("setsid", "util-linux"),
        ("getent", "libc-bin"),
    ];

    /// <summary>A sway session (gcc only where the build left no prebuilt xdpw shim, see <see cref="XdpwShim"/>).</summary>
    public static readonly IReadOnlyList<(string Program, string Package)> Sway =
    [
        .. Common,
        ("sway", "sway"),
        ("swaymsg", "sway"),
        ("/usr/libexec/xdg-permission-store", "xdg-desktop-portal"),
        ("/usr/libexec/xdg-desktop-portal", "xdg-desktop-portal"),
        ("/usr/libexec/xdg-desktop-portal-wlr", "xdg-desktop-portal-wlr"),
    ];

    /// <summary>A mutter session (no portal: the gnome plugins use Mutter's own D-Bus APIs).</summary>
    public static readonly IReadOnlyList<(string Program, string Package)> Mutter =
    [
        .. Common,
        ("mutter", "mutter"),
    ];

    /// <summary>Throws naming every missing program and the packages to install.</summary>
    public static void EnsurePresent(IEnumerable<(string Program, string Package)> programs)
    {
        if (MissingPrograms.Find(programs) is { } missing)
        {
            throw new SessionStartException($"the headless session needs programs that are not installed: {missing.Description}; install them with scripts/install-deps.sh runtime, or: apt-get install {missing.Packages}");
        }
    }
}
