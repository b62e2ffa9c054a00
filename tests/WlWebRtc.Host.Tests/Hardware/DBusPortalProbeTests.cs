using WlWebRtc.DBus.Portals;
using WlWebRtc.Hardware;
using WlWebRtc.Host.Hardware.Session;
using WlWebRtc.Testing.DBus;

namespace WlWebRtc.Host.Tests.Hardware;

public sealed class DBusPortalProbeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task ProbeAsync_BusWithoutPortalService_BothAbsentSayingThePortalIsNotOnTheBus()
    {
        using var bus = DBusDaemon.Start();

        var report = await new DBusPortalProbe(Timeout).ProbeAsync(bus.Address, CancellationToken.None);

        Assert.False(report.ScreenCast.Status.IsPresent);
        Assert.Contains("org.freedesktop.portal.Desktop", report.ScreenCast.Status.Reason, StringComparison.Ordinal);
        Assert.Contains("not on the session bus", report.ScreenCast.Status.Reason, StringComparison.Ordinal);
        Assert.False(report.RemoteDesktop.Status.IsPresent);
        Assert.Null(report.ScreenCast.Version);
    }

    [Fact]
    public async Task ProbeAsync_NoDaemonAtAddress_BothAbsentSayingItCannotConnect()
    {
        var report = await new DBusPortalProbe(Timeout).ProbeAsync("unix:path=/nonexistent/wlwebrtc-bus", CancellationToken.None);

        Assert.False(report.ScreenCast.Status.IsPresent);
        Assert.StartsWith("cannot connect to the session bus (unix:path=/nonexistent/wlwebrtc-bus): ", report.ScreenCast.Status.Reason, StringComparison.Ordinal);
        Assert.Equal(report.ScreenCast.Status, report.RemoteDesktop.Status);
    }

    [Fact]
    public void ToPortalInfo_Available_PresentWithVersionAndTypes()
    {
        var info = DBusPortalProbe.ToPortalInfo(new PortalInterfaceInfo(PortalNames.ScreenCast, true, 4, null) { SourceTypes = 1 }, 1);

        Assert.Equal(new PortalInfo(Detection.Present("org.freedesktop.portal.ScreenCast answers on the session bus"), 4, 1), info);
    }

    [Fact]
    public void ToPortalInfo_UnavailableWithoutReason_AbsentWithAGeneratedReason()
    {
        var info = DBusPortalProbe.ToPortalInfo(new PortalInterfaceInfo(PortalNames.RemoteDesktop, false, 0, null), null);

        Assert.Equal(new PortalInfo(Detection.Absent("org.freedesktop.portal.RemoteDesktop is not available"), null, null), info);
    }
}
