using WlWebRtc.DBus;
using WlWebRtc.DBus.Portals;

namespace WlWebRtc.Portal.Probing;

/// <summary>
/// Asks xdg-desktop-portal on the session bus which of the ScreenCast and RemoteDesktop interfaces it offers (version,
/// AvailableSourceTypes, AvailableDeviceTypes), for the probes of this assembly's plugins. The connection lives only
/// for the probe. Never throws for a bus or portal failure (only on cancellation): that is a reason.
/// </summary>
internal static class SessionBusPortals
{
    /// <summary>How long connecting and each property read may take.</summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(2);

    /// <param name="busAddress">A D-Bus address, e.g. "unix:path=/run/user/1000/bus"; null = DBUS_SESSION_BUS_ADDRESS, else $XDG_RUNTIME_DIR/bus.</param>
    /// <param name="timeout">The bound of the connect and of each property read.</param>
    /// <param name="cancellationToken">Cancels the probe.</param>
    public static async Task<PortalProbeResult> ProbeAsync(string? busAddress, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if ((busAddress ?? DBusAddress.GetSessionBusAddress()) is not { } address)
        {
            return Absent("no session bus: DBUS_SESSION_BUS_ADDRESS is not set and there is no $XDG_RUNTIME_DIR/bus");
        }

        DBusConnection connection;
        try
        {
            var options = new DBusConnectionOptions { ConnectTimeout = timeout, DefaultTimeout = timeout, NegotiateUnixFds = false };
            connection = await DBusConnection.ConnectAsync(address, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DBusConnectionException or DBusTimeoutException or DBusProtocolException or ArgumentException)
        {
            return Absent($"cannot connect to the session bus ({address}): {ex.Message}");
        }

        await using (connection.ConfigureAwait(false))
        {
            return await PortalProbe.ProbeAsync(connection, timeout, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Why a portal is not there, in the words the probes print.</summary>
    public static string Reason(PortalInterfaceInfo portal) =>
        portal.Reason is { Length: > 0 } reason ? reason : $"{portal.Interface} is not available";

    private static PortalProbeResult Absent(string reason) => new(
        PortalInterfaceInfo.Unavailable(PortalNames.ScreenCast, reason),
        PortalInterfaceInfo.Unavailable(PortalNames.RemoteDesktop, reason));
}
