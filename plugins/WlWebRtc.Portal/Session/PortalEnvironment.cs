using WlWebRtc.DBus;
using WlWebRtc.DBus.Portals;

namespace WlWebRtc.Portal.Session;

/// <summary>Where the plugin finds the session bus and keeps its restore token; from the process environment unless a test says otherwise.</summary>
/// <param name="BusAddress">The session bus address; null = DBUS_SESSION_BUS_ADDRESS, else $XDG_RUNTIME_DIR/bus.</param>
/// <param name="StateDirectory">Where restore tokens live; null = $XDG_STATE_HOME/wlwebrtc/.</param>
internal sealed record PortalEnvironment(string? BusAddress = null, string? StateDirectory = null)
{
    public static PortalEnvironment Process { get; } = new();

    public string ResolveBusAddress() =>
        BusAddress ?? DBusAddress.GetSessionBusAddress()
        ?? throw new DBusConnectionException("No session bus: DBUS_SESSION_BUS_ADDRESS is not set and $XDG_RUNTIME_DIR/bus does not exist, so the ScreenCast portal cannot be reached.");

    public RestoreTokenStore TokenStore() => new(StateDirectory ?? RestoreTokenStore.DefaultDirectory());
}
