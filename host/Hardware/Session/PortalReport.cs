using WlWebRtc.Hardware;

namespace WlWebRtc.Host.Hardware.Session;

/// <summary>The two portals the host cares about.</summary>
internal sealed record PortalReport(PortalInfo ScreenCast, PortalInfo RemoteDesktop)
{
    /// <summary>Both absent for the same reason (no bus, portal service not running…).</summary>
    public static PortalReport Absent(string reason)
    {
        var absent = new PortalInfo(Detection.Absent(reason), null, null);
        return new PortalReport(absent, absent);
    }
}
