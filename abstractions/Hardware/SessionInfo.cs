namespace WlWebRtc.Hardware;

/// <summary>The desktop session the host runs in.</summary>
/// <param name="Wayland">Whether a Wayland compositor's socket is reachable.</param>
/// <param name="WaylandDisplay">The display socket name, if any.</param>
/// <param name="CurrentDesktop">XDG_CURRENT_DESKTOP, if set.</param>
/// <param name="ScreenCastPortal">The ScreenCast portal on the session bus.</param>
/// <param name="RemoteDesktopPortal">The RemoteDesktop portal on the session bus.</param>
/// <param name="PipeWire">Whether the PipeWire socket exists.</param>
public sealed record SessionInfo(
    Detection Wayland,
    string? WaylandDisplay,
    string? CurrentDesktop,
    PortalInfo ScreenCastPortal,
    PortalInfo RemoteDesktopPortal,
    Detection PipeWire)
{
    /// <summary>No session.</summary>
    public static SessionInfo None { get; } = new(
        Detection.Absent("not detected"), null, null, PortalInfo.None, PortalInfo.None, Detection.Absent("not detected"));
}

/// <summary>An xdg-desktop-portal interface.</summary>
/// <param name="Status">Whether it answered on the session bus.</param>
/// <param name="Version">Its version property.</param>
/// <param name="AvailableSourceTypes">For ScreenCast: bit 1 monitor, 2 window, 4 virtual; for RemoteDesktop: AvailableDeviceTypes (1 keyboard, 2 pointer, 4 touch).</param>
public sealed record PortalInfo(Detection Status, uint? Version, uint? AvailableSourceTypes)
{
    /// <summary>Not detected.</summary>
    public static PortalInfo None { get; } = new(Detection.Absent("not detected"), null, null);
}
