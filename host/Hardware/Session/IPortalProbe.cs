namespace WlWebRtc.Host.Hardware.Session;

/// <summary>
/// Asks org.freedesktop.portal.Desktop on a session bus for its ScreenCast and RemoteDesktop interfaces
/// (version, AvailableSourceTypes, AvailableDeviceTypes). Never throws for a bus or portal failure: that is a reason.
/// </summary>
internal interface IPortalProbe
{
    /// <param name="busAddress">A D-Bus address, e.g. "unix:path=/run/user/1000/bus".</param>
    Task<PortalReport> ProbeAsync(string busAddress, CancellationToken cancellationToken);
}
