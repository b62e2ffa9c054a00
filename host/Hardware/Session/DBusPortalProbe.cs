using WlWebRtc.DBus;
using WlWebRtc.DBus.Portals;
using WlWebRtc.Hardware;

namespace WlWebRtc.Host.Hardware.Session;

/// <summary>
/// Connects to the given session bus with the project's D-Bus client and reads the portals' properties
/// (version, AvailableSourceTypes, AvailableDeviceTypes). The connection lives only for the probe.
/// </summary>
internal sealed class DBusPortalProbe(TimeSpan callTimeout) : IPortalProbe
{
    public async Task<PortalReport> ProbeAsync(string busAddress, CancellationToken cancellationToken)
    {
        DBusConnection connection;
        try
        {
            var options = new DBusConnectionOptions { ConnectTimeout = callTimeout, DefaultTimeout = callTimeout, NegotiateUnixFds = false };
            connection = await DBusConnection.ConnectAsync(busAddress, options, cancellationToken);
        }
        catch (Exception ex) when (ex is DBusConnectionException or DBusTimeoutException or DBusProtocolException or ArgumentException)
        {
            return PortalReport.Absent($"cannot connect to the session bus ({busAddress}): {ex.Message}");
        }

        await using (connection)
        {
            var result = await PortalProbe.ProbeAsync(connection, callTimeout, cancellationToken);
            return new PortalReport(
                ToPortalInfo(result.ScreenCast, result.ScreenCast.SourceTypes),
                ToPortalInfo(result.RemoteDesktop, result.RemoteDesktop.DeviceTypes));
        }
    }

    internal static PortalInfo ToPortalInfo(PortalInterfaceInfo info, uint? types) =>
        info.Available
            ? new PortalInfo(Detection.Present($"{info.Interface} answers on the session bus"), info.Version, types)
            : new PortalInfo(Detection.Absent(info.Reason is { Length: > 0 } reason ? reason : $"{info.Interface} is not available"), null, null);
}
