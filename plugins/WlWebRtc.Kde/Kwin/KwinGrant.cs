namespace WlWebRtc.Kde.Kwin;

/// <summary>
/// KWin opens its restricted protocols and D-Bus interfaces only to an executable that a <c>.desktop</c> file grants
/// them: <c>Exec=</c> must be the client's exact executable (what <c>/proc/PID/exe</c> shows) and
/// <c>X-KDE-Wayland-Interfaces=</c> / <c>X-KDE-DBUS-Restricted-Interfaces=</c> list what it may use. The product
/// ships the grant as <c>packaging/kde/wlwebrtc.desktop</c>; <c>scripts/install-kde-grant.sh</c> installs it.
/// </summary>
internal static class KwinGrant
{
    public const string FakeInput = "org_kde_kwin_fake_input";
    public const string ScreenCast = "zkde_screencast_unstable_v1";
    public const string WindowManagement = "org_kde_plasma_window_management";
    public const string ScreenShotInterface = "org.kde.KWin.ScreenShot2";

    /// <summary>This process's executable as KWin sees it.</summary>
    public static string Executable
    {
        get
        {
            try
            {
                return File.ResolveLinkTarget("/proc/self/exe", returnFinalTarget: true)?.FullName ?? Environment.ProcessPath ?? "this executable";
            }
            catch (IOException)
            {
                return Environment.ProcessPath ?? "this executable";
            }
        }
    }

    /// <summary>What to tell the user when KWin hides <paramref name="what"/> from this process.</summary>
    public static string Missing(string what) =>
        $"KWin hides {what} from this executable ({Executable}): the .desktop grant is missing. Install it with " +
        $"scripts/install-kde-grant.sh (it writes packaging/kde/wlwebrtc.desktop with Exec={Executable} into ~/.local/share/applications), then restart the server";
}
