using WlWebRtc.Hardware;
using WlWebRtc.Host.Hardware.Session;

namespace WlWebRtc.Host.Tests.Hardware;

/// <summary>Answers like xdg-desktop-portal-wlr would, and records the bus address it was given.</summary>
internal sealed class FakePortalProbe : IPortalProbe
{
    public List<string> Addresses { get; } = [];

    public Task<PortalReport> ProbeAsync(string busAddress, CancellationToken cancellationToken)
    {
        Addresses.Add(busAddress);
        return Task.FromResult(new PortalReport(
            new PortalInfo(Detection.Present("org.freedesktop.portal.ScreenCast answers"), 4, 1),
            new PortalInfo(Detection.Absent("org.freedesktop.portal.RemoteDesktop is not offered"), null, null)));
    }
}
