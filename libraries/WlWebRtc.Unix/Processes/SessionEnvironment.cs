namespace WlWebRtc.Unix;

/// <summary>
/// The environment of a private desktop session (the server's headless session and the tests' desktops share it): its
/// own runtime dir, bus and XDG homes, and none of the caller's display, compositor or PipeWire variables, so nothing
/// of the desktop the caller may run in leaks into the session.
/// </summary>
public static class SessionEnvironment
{
    /// <summary>The variables to set (and, with a null value, to remove) for a session's components.</summary>
    /// <param name="runtimeDirectory">XDG_RUNTIME_DIR (sockets: the bus, Wayland, PipeWire).</param>
    /// <param name="runDirectory">Where the XDG homes go.</param>
    /// <param name="currentDesktop">XDG_CURRENT_DESKTOP, which picks the portal backend.</param>
    public static Dictionary<string, string?> Isolated(string runtimeDirectory, string runDirectory, string currentDesktop) => new()
    {
        ["XDG_RUNTIME_DIR"] = runtimeDirectory,
        ["DBUS_SESSION_BUS_ADDRESS"] = BusAddress(runtimeDirectory),
        ["XDG_CURRENT_DESKTOP"] = currentDesktop,
        ["XDG_SESSION_TYPE"] = "wayland",
        ["XDG_CONFIG_HOME"] = Path.Combine(runDirectory, "config"),
        ["XDG_STATE_HOME"] = Path.Combine(runDirectory, "state"),
        ["XDG_CACHE_HOME"] = Path.Combine(runDirectory, "cache"),
        ["XDG_DATA_HOME"] = Path.Combine(runDirectory, "data"),
        ["DISPLAY"] = null,
        ["WAYLAND_DISPLAY"] = null,
        ["SWAYSOCK"] = null,
        ["I3SOCK"] = null,
        ["PIPEWIRE_REMOTE"] = null,
        ["PIPEWIRE_RUNTIME_DIR"] = null,

        // no system services (location, accounts, colord) for the portal or the compositor to wait on
        ["DBUS_SYSTEM_BUS_ADDRESS"] = "unix:path=" + Path.Combine(runDirectory, "no-system-bus"),
    };

    /// <summary>The session bus address in <paramref name="runtimeDirectory"/>.</summary>
    public static string BusAddress(string runtimeDirectory) => "unix:path=" + Path.Combine(runtimeDirectory, "bus");
}
