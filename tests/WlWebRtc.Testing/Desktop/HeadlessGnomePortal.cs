using System.Globalization;
using WlWebRtc.DBus.Portals;

namespace WlWebRtc.Testing.Desktop;

/// <summary>
/// A headless GNOME session (<see cref="HeadlessMutter"/>) with GNOME's portal: xdg-permission-store,
/// xdg-desktop-portal-gnome (its dialogs are GTK windows on mutter; gnome-shell is not needed) and xdg-desktop-portal
/// given a portal directory with only the gnome backend. Ready when the ScreenCast and RemoteDesktop portals answer.
/// <para>
/// The ScreenCast portal asks before its first cast; <see cref="GrantScreenCastAsync"/> writes the permission-store
/// entry a user's earlier "Share" with "remember" leaves, so a cast with that restore token starts without a dialog.
/// The RemoteDesktop portal (version 1 here) refuses persistence: its dialog appears every time.
/// </para>
/// </summary>
public sealed class HeadlessGnomePortal : HeadlessMutter
{
    /// <summary>The monitor size the dialog positions of <see cref="RemoteDesktopDialog"/> are measured for.</summary>
    public const int Width = 1280;

    public const int Height = 720;

    private const string PermissionStoreName = "org.freedesktop.impl.portal.PermissionStore";

    private const string GnomeBackendName = "org.freedesktop.impl.portal.desktop.gnome";

    public HeadlessGnomePortal()
        : base(new HeadlessDesktopOptions(Width, Height), withMutter: true)
    {
    }

    protected override IReadOnlyList<(string Program, string Package)> Programs =>
    [
        .. base.Programs,
        ("/usr/libexec/xdg-permission-store", "xdg-desktop-portal"),
        ("/usr/libexec/xdg-desktop-portal", "xdg-desktop-portal"),
        ("/usr/libexec/xdg-desktop-portal-gnome", "xdg-desktop-portal-gnome"),
        ("gdbus", "libglib2.0-bin"),
    ];

    protected override async Task StartComponentsAsync(CancellationToken cancellationToken)
    {
        await base.StartComponentsAsync(cancellationToken);

        // the permission store first (both portals read it), then the gnome backend (a GTK app on mutter), then the frontend
        var store = StartProcess("permission-store", "/usr/libexec/xdg-permission-store", "--replace");
        await WaitForAsync("xdg-permission-store on the bus", store, ct => BusHasNameAsync(PermissionStoreName, ct), cancellationToken);
        var backend = StartProcess("xdg-desktop-portal-gnome", "env", "GSETTINGS_BACKEND=memory", "GTK_A11Y=none", "/usr/libexec/xdg-desktop-portal-gnome");
        await WaitForAsync("xdg-desktop-portal-gnome on the bus", backend, ct => BusHasNameAsync(GnomeBackendName, ct), cancellationToken);

        // only the gnome backend: another installed backend (wlr) must not serve this session
        var portals = PortalBackendDirectory.Create(Path.Combine(RunDirectory, "portals"), "gnome")
            ?? throw new HeadlessDesktopException("xdg-desktop-portal-gnome is installed without its gnome.portal file in " + PortalBackendDirectory.SystemDirectory);
        var frontend = StartProcess("xdp", "env", "XDG_DESKTOP_PORTAL_DIR=" + portals, "/usr/libexec/xdg-desktop-portal");
        foreach (var (portal, property) in new[] { ("ScreenCast", "AvailableSourceTypes"), ("RemoteDesktop", "AvailableDeviceTypes") })
        {
            await WaitForAsync($"the {portal} portal", frontend, async ct =>
            {
                var reply = await ProcessRunner.RunAsync(
                    "dbus-send",
                    ["--session", "--print-reply=literal", "--dest=org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop",
                     "org.freedesktop.DBus.Properties.Get", "string:org.freedesktop.portal." + portal, "string:" + property],
                    SessionEnvironment,
                    TimeSpan.FromSeconds(5),
                    ct);
                return reply.ExitCode == 0 && reply.StandardOutput.Contains("uint32", StringComparison.Ordinal);
            }, cancellationToken);
        }
    }

    /// <summary>
    /// Writes what a user's earlier consent to share mutter's virtual monitor left in the permission store: table
    /// <c>screencast</c>, entry <paramref name="restoreToken"/>, app id "" (an unsandboxed host app) = yes, and GNOME's
    /// restore data (version 1: the monitor by vendor:product:serial, <c>MetaVendor:MetaVirtualMonitor:0x00</c>).
    /// </summary>
    public async Task GrantScreenCastAsync(string restoreToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(restoreToken);
        if (restoreToken.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-'))
        {
            throw new ArgumentException("A restore token of letters, digits and '-' only (it goes into a GVariant text).", nameof(restoreToken));
        }

        var result = await RunAsync(
            "gdbus",
            ["call", "--session", "--dest", PermissionStoreName, "--object-path", "/org/freedesktop/impl/portal/PermissionStore",
             "--method", PermissionStoreName + ".Set", "screencast", "true", restoreToken, "{'': ['yes']}",
             "<('GNOME', uint32 1, <(int64 0, int64 0, [(uint32 0, uint32 1, <'MetaVendor:MetaVirtualMonitor:0x00'>)])>)>"],
            cancellationToken: cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new HeadlessDesktopException(string.Create(CultureInfo.InvariantCulture,
                $"PermissionStore.Set failed with exit code {result.ExitCode}: {result.StandardError}"));
        }
    }

    /// <summary>
    /// Where xdg-desktop-portal-gnome 43's RemoteDesktop dialog (with a monitor list) puts its controls on this
    /// session's 1280x720 monitor: the dialog is centred; "Allow remote interaction" is off by default (devices 0 when
    /// shared without it); "Share" is the blue button at the top right. Colours are 0xRRGGBB.
    /// </summary>
    public static class RemoteDesktopDialog
    {
        public static (int X, int Y) ShareButton => (852, 232);

        public static (int X, int Y) AllowInteractionSwitch => (822, 432);

        /// <summary>The switch's knob sits right of this point when on: the track there is blue when on, grey when off.</summary>
        public static (int X, int Y) SwitchTrackLeft => (814, 432);

        public const uint ShareBlue = 0x3584e4;
    }
}
