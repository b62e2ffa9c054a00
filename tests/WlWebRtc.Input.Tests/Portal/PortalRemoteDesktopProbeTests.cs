using WlWebRtc.DBus.Portals;
using WlWebRtc.Portal;

namespace WlWebRtc.Input.Tests.Portal;

/// <summary>The input plugin's verdict from what the session bus said about the RemoteDesktop portal (it probes the bus itself).</summary>
public sealed class PortalRemoteDesktopProbeTests
{
    [Fact]
    public void Evaluate_PortalAbsent_UnavailableSayingWhy()
    {
        var result = PortalRemoteDesktopPlugin.Evaluate(PortalInterfaceInfo.Unavailable(PortalNames.RemoteDesktop, "xdg-desktop-portal does not offer org.freedesktop.portal.RemoteDesktop (no backend implements it)"));

        Assert.False(result.IsAvailable);
        Assert.Equal("no RemoteDesktop portal on the session bus (xdg-desktop-portal does not offer org.freedesktop.portal.RemoteDesktop (no backend implements it))", result.Reason);
    }

    [Fact]
    public void Evaluate_OnlyTouchscreenOffered_UnavailableNamingTheTypes()
    {
        var result = PortalRemoteDesktopPlugin.Evaluate(new PortalInterfaceInfo(PortalNames.RemoteDesktop, true, 2, null) { DeviceTypes = 4 });

        Assert.False(result.IsAvailable);
        Assert.Equal("the RemoteDesktop portal offers device types 4, neither keyboard nor pointer", result.Reason);
    }

    [Fact]
    public void Evaluate_KeyboardAndPointerOffered_AvailableWithVersionAndTypes()
    {
        var result = PortalRemoteDesktopPlugin.Evaluate(new PortalInterfaceInfo(PortalNames.RemoteDesktop, true, 2, null) { DeviceTypes = 3 });

        Assert.True(result.IsAvailable, result.Reason);
        Assert.StartsWith("RemoteDesktop portal v2, device types 3; input shares the capture's portal session", result.Reason, StringComparison.Ordinal);
    }
}
