using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.DBus.Portals;
using WlWebRtc.Hardware;
using WlWebRtc.Plugins;
using WlWebRtc.Portal;
using WlWebRtc.Portal.Configuration;
using WlWebRtc.Portal.Probing;
using WlWebRtc.Testing;
using WlWebRtc.Testing.DBus;

namespace WlWebRtc.Capture.Tests.Portal;

/// <summary>
/// The portal probing the plugin does itself (it moved out of the host's hardware detection): against a real
/// dbus-daemon with and without the fake xdg-desktop-portal, and the verdict from what the bus said.
/// </summary>
public sealed class PortalProbeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private static readonly SessionInfo Sway = new(
        Detection.Present("Wayland compositor at /run/user/1000/wayland-1"), "wayland-1", "sway", Detection.Present("PipeWire at /run/user/1000/pipewire-0"));

    private static readonly PortalProbeResult ScreenCastOnly = new(
        new PortalInterfaceInfo(PortalNames.ScreenCast, true, 4, null) { SourceTypes = 1 },
        PortalInterfaceInfo.Unavailable(PortalNames.RemoteDesktop, "xdg-desktop-portal does not offer org.freedesktop.portal.RemoteDesktop (no backend implements it)"));

    [Fact]
    public async Task ProbeAsync_BusWithoutPortalService_BothAbsentSayingThePortalIsNotOnTheBus()
    {
        using var bus = DBusDaemon.Start();

        var result = await SessionBusPortals.ProbeAsync(bus.Address, Timeout, CancellationToken.None);

        Assert.False(result.ScreenCast.Available);
        Assert.Contains("org.freedesktop.portal.Desktop", result.ScreenCast.Reason, StringComparison.Ordinal);
        Assert.Contains("not on the session bus", result.ScreenCast.Reason, StringComparison.Ordinal);
        Assert.False(result.RemoteDesktop.Available);
    }

    [Fact]
    public async Task ProbeAsync_NoDaemonAtAddress_BothAbsentSayingItCannotConnect()
    {
        var result = await SessionBusPortals.ProbeAsync("unix:path=/nonexistent/wlwebrtc-bus", Timeout, CancellationToken.None);

        Assert.False(result.ScreenCast.Available);
        Assert.StartsWith("cannot connect to the session bus (unix:path=/nonexistent/wlwebrtc-bus): ", result.ScreenCast.Reason, StringComparison.Ordinal);
        Assert.Equal(result.ScreenCast.Reason, result.RemoteDesktop.Reason);
    }

    [Fact]
    public void Reason_UnavailableWithoutReason_SaysTheInterfaceIsNotAvailable()
    {
        var reason = SessionBusPortals.Reason(new PortalInterfaceInfo(PortalNames.RemoteDesktop, false, 0, null));

        Assert.Equal("org.freedesktop.portal.RemoteDesktop is not available", reason);
    }

    [Fact]
    public async Task ProbeAsync_FakePortalOfferingBoth_AvailableWithVersionTypesAndSharedInput()
    {
        await using var bus = await FakePortalBus.StartAsync();
        var plugin = new PortalCapturePlugin(bus.Environment);
        var context = new PluginContext(TestSettings.Empty, TestSettings.Empty, HardwareInventory.Empty with { Session = Sway }, NullLoggerFactory.Instance);

        var result = await plugin.ProbeAsync(context, CancellationToken.None);

        Assert.True(result.IsAvailable, result.Reason);
        Assert.Contains("ScreenCast portal v4 on wayland-1, source types 1", result.Reason, StringComparison.Ordinal);
        Assert.Contains("a selected input plugin shares the capture's session", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ScreenCastAbsent_UnavailableSayingWhy()
    {
        var portals = new PortalProbeResult(
            PortalInterfaceInfo.Unavailable(PortalNames.ScreenCast, "xdg-desktop-portal (org.freedesktop.portal.Desktop) is not on the session bus"),
            PortalInterfaceInfo.Unavailable(PortalNames.RemoteDesktop, "same"));

        var result = PortalCapturePlugin.Evaluate(PortalCaptureOptions.Parse(TestSettings.Empty), Sway, portals, pipeWireUnavailable: null);

        Assert.False(result.IsAvailable);
        Assert.Equal("no ScreenCast portal on the session bus (xdg-desktop-portal (org.freedesktop.portal.Desktop) is not on the session bus)", result.Reason);
    }

    [Fact]
    public void Evaluate_OnlyWindowSourcesOffered_UnavailableNamingTheTypes()
    {
        var portals = ScreenCastOnly with { ScreenCast = ScreenCastOnly.ScreenCast with { SourceTypes = 2 } };

        var result = PortalCapturePlugin.Evaluate(PortalCaptureOptions.Parse(TestSettings.Empty), Sway, portals, pipeWireUnavailable: null);

        Assert.False(result.IsAvailable);
        Assert.Contains("offers source types 2", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ScreenCastOnlyOnSway_AvailableSayingInputCannotShare()
    {
        var result = PortalCapturePlugin.Evaluate(PortalCaptureOptions.Parse(TestSettings.Empty), Sway, ScreenCastOnly, pipeWireUnavailable: null);

        Assert.True(result.IsAvailable, result.Reason);
        Assert.Contains("no RemoteDesktop portal (xdg-desktop-portal does not offer", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NoWaylandNoPipeWireLibraryMissing_EveryReasonTogether()
    {
        var result = PortalCapturePlugin.Evaluate(PortalCaptureOptions.Parse(TestSettings.Empty), SessionInfo.None, ScreenCastOnly, pipeWireUnavailable: "libpipewire-0.3.so.0 does not load");

        Assert.False(result.IsAvailable);
        Assert.Contains("no Wayland session", result.Reason, StringComparison.Ordinal);
        Assert.Contains("no PipeWire", result.Reason, StringComparison.Ordinal);
        Assert.Contains("libpipewire-0.3.so.0 does not load", result.Reason, StringComparison.Ordinal);
    }
}
