namespace WlWebRtc.DBus.Portals;

/// <summary>What one portal interface offers, or why it is not available.</summary>
public sealed record PortalInterfaceInfo(string Interface, bool Available, uint Version, string? Reason)
{
    /// <summary>ScreenCast AvailableSourceTypes bit mask (1 monitor, 2 window, 4 virtual).</summary>
    public uint? SourceTypes { get; init; }

    /// <summary>ScreenCast AvailableCursorModes bit mask (1 hidden, 2 embedded, 4 metadata).</summary>
    public uint? CursorModes { get; init; }

    /// <summary>RemoteDesktop AvailableDeviceTypes bit mask (1 keyboard, 2 pointer, 4 touchscreen).</summary>
    public uint? DeviceTypes { get; init; }

    public static PortalInterfaceInfo Unavailable(string @interface, string reason) => new(@interface, false, 0, reason);
}

/// <summary>The ScreenCast and RemoteDesktop portals as seen on one bus.</summary>
public sealed record PortalProbeResult(PortalInterfaceInfo ScreenCast, PortalInterfaceInfo RemoteDesktop);

/// <summary>Asks xdg-desktop-portal which capture/input interfaces it offers. Never throws (except on cancellation).</summary>
public static class PortalProbe
{
    /// <summary>Connects to the session bus and probes both interfaces, each call bounded by <paramref name="timeout"/>.</summary>
    public static async Task<PortalProbeResult> ProbeSessionBusAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        DBusConnection connection;
        try
        {
            connection = await DBusConnection.ConnectSessionAsync(new DBusConnectionOptions { ConnectTimeout = timeout, DefaultTimeout = timeout }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DBusConnectionException or DBusTimeoutException or DBusProtocolException or ArgumentException)
        {
            var reason = "no session bus: " + e.Message;
            return new PortalProbeResult(
                PortalInterfaceInfo.Unavailable(PortalNames.ScreenCast, reason),
                PortalInterfaceInfo.Unavailable(PortalNames.RemoteDesktop, reason));
        }

        await using (connection.ConfigureAwait(false))
        {
            return await ProbeAsync(connection, timeout, cancellationToken).ConfigureAwait(false);
        }
    }

    public static async Task<PortalProbeResult> ProbeAsync(DBusConnection connection, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var screenCast = await ProbeInterfaceAsync(connection, PortalNames.ScreenCast, ["AvailableSourceTypes", "AvailableCursorModes"], timeout, cancellationToken).ConfigureAwait(false);
        var remoteDesktop = await ProbeInterfaceAsync(connection, PortalNames.RemoteDesktop, ["AvailableDeviceTypes"], timeout, cancellationToken).ConfigureAwait(false);
        return new PortalProbeResult(screenCast, remoteDesktop);
    }

    private static async Task<PortalInterfaceInfo> ProbeInterfaceAsync(DBusConnection connection, string @interface, string[] masks, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var version = await connection.GetPropertyAsync<uint>(PortalNames.Service, PortalNames.ObjectPath, @interface, "version", timeout, cancellationToken).ConfigureAwait(false);
            var values = new Dictionary<string, uint?>(StringComparer.Ordinal);
            foreach (var mask in masks)
            {
                values[mask] = await TryGetMaskAsync(connection, @interface, mask, timeout, cancellationToken).ConfigureAwait(false);
            }

            return new PortalInterfaceInfo(@interface, true, version, null)
            {
                SourceTypes = values.GetValueOrDefault("AvailableSourceTypes"),
                CursorModes = values.GetValueOrDefault("AvailableCursorModes"),
                DeviceTypes = values.GetValueOrDefault("AvailableDeviceTypes"),
            };
        }
        catch (DBusErrorException e)
        {
            return PortalInterfaceInfo.Unavailable(@interface, e.ErrorName switch
            {
                "org.freedesktop.DBus.Error.ServiceUnknown" or "org.freedesktop.DBus.Error.NameHasNoOwner" =>
                    $"xdg-desktop-portal ({PortalNames.Service}) is not on the session bus",
                "org.freedesktop.DBus.Error.UnknownInterface" or "org.freedesktop.DBus.Error.UnknownProperty"
                    or "org.freedesktop.DBus.Error.InvalidArgs" or "org.freedesktop.DBus.Error.UnknownObject" or "org.freedesktop.DBus.Error.UnknownMethod" =>
                    $"xdg-desktop-portal does not offer {@interface} (no backend implements it)",
                _ => $"asking for {@interface} failed: {e.Message}",
            });
        }
        catch (DBusTimeoutException)
        {
            return PortalInterfaceInfo.Unavailable(@interface, $"xdg-desktop-portal did not answer within {timeout.TotalSeconds:0.###} s");
        }
        catch (Exception e) when (e is DBusConnectionException or DBusProtocolException or InvalidCastException)
        {
            return PortalInterfaceInfo.Unavailable(@interface, $"asking for {@interface} failed: {e.Message}");
        }
    }

    private static async Task<uint?> TryGetMaskAsync(DBusConnection connection, string @interface, string property, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await connection.GetPropertyAsync<uint>(PortalNames.Service, PortalNames.ObjectPath, @interface, property, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (DBusErrorException)
        {
            return null;
        }
    }
}
