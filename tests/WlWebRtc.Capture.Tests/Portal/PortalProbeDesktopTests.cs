using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Capture.Tests.Desktop;
using WlWebRtc.DBus.Portals;
using WlWebRtc.Hardware;
using WlWebRtc.Plugins;
using WlWebRtc.Portal;
using WlWebRtc.Portal.Probing;
using WlWebRtc.Portal.Session;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Capture.Tests.Portal;

/// <summary>
/// The plugins' portal probes inside a real headless desktop (sway, PipeWire, xdg-desktop-portal +
/// xdg-desktop-portal-wlr on a private session bus); they were the host's hardware detection before.
/// </summary>
[Collection(DesktopGroup.Name)]
public sealed class PortalProbeDesktopTests(HeadlessDesktop desktop)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task ProbeAsync_HeadlessSwayDesktop_ScreenCastPortalWithMonitorSources()
    {
        var result = await SessionBusPortals.ProbeAsync(desktop.DBusSessionBusAddress, Timeout, CancellationToken.None);

        Assert.True(result.ScreenCast.Available, result.ScreenCast.Reason);
        Assert.True(result.ScreenCast.Version >= 1, $"version {result.ScreenCast.Version}");
        Assert.NotNull(result.ScreenCast.SourceTypes);
        Assert.NotEqual(0u, result.ScreenCast.SourceTypes.Value & (uint)ScreenCastSourceTypes.Monitor);
    }

    [Fact]
    public async Task ProbeAsync_HeadlessSwayDesktop_RemoteDesktopPortalAbsentWithReason()
    {
        // xdg-desktop-portal-wlr implements no RemoteDesktop backend.
        var result = await SessionBusPortals.ProbeAsync(desktop.DBusSessionBusAddress, Timeout, CancellationToken.None);

        Assert.False(result.RemoteDesktop.Available);
        Assert.Contains("org.freedesktop.portal.RemoteDesktop", result.RemoteDesktop.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PluginProbes_HeadlessSwayDesktop_CaptureAvailableInputUnavailable()
    {
        var session = new SessionInfo(Detection.Present("sway"), desktop.WaylandDisplay, "sway", Detection.Present(desktop.PipeWireSocket));
        var context = new PluginContext(TestSettings.Empty, TestSettings.Empty, HardwareInventory.Empty with { Session = session }, NullLoggerFactory.Instance);

        var capture = await new PortalCapturePlugin(new PortalEnvironment(desktop.DBusSessionBusAddress)).ProbeAsync(context, CancellationToken.None);
        var input = await new PortalRemoteDesktopPlugin(desktop.DBusSessionBusAddress).ProbeAsync(context, CancellationToken.None);

        Assert.True(capture.IsAvailable, capture.Reason);
        Assert.Contains("capture through ScreenCast only", capture.Reason, StringComparison.Ordinal);
        Assert.False(input.IsAvailable);
        Assert.StartsWith("no RemoteDesktop portal on the session bus (", input.Reason, StringComparison.Ordinal);
    }
}
