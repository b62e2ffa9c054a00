using WlWebRtc.Host.Hardware;
using WlWebRtc.Host.Hardware.Session;
using WlWebRtc.Testing.Desktop;
using Xunit.Abstractions;

namespace WlWebRtc.Host.Tests.Hardware;

/// <summary>
/// Detection inside a real headless desktop (sway, PipeWire, xdg-desktop-portal + xdg-desktop-portal-wlr on a
/// private session bus): the session parts must be found through the real sockets and the real portal.
/// </summary>
public sealed class PortalDesktopTests(HeadlessDesktop desktop, ITestOutputHelper output) : IClassFixture<HeadlessDesktop>
{
    private async Task<HardwareReport> DetectInDesktopAsync()
    {
        var variables = desktop.Environment
            .Where(pair => pair.Value is not null)
            .ToDictionary(pair => pair.Key, pair => pair.Value!);
        var detector = HardwareDetector.Create(
            HardwarePaths.System,
            new FakeEnvironment(variables),
            new DBusPortalProbe(HardwareDetector.DefaultLimit),
            HardwareDetector.DefaultLimit);
        var report = await detector.DetectAsync(CancellationToken.None);
        output.WriteLine($"detection took {report.Elapsed.TotalMilliseconds:0.0} ms");
        foreach (var row in report.ToRows())
        {
            output.WriteLine($"{row.Component,-24} {row.Status,-8} {row.Detail}");
        }

        return report;
    }

    [Fact]
    public async Task DetectAsync_HeadlessSwayDesktop_ScreenCastPortalWithMonitorSources()
    {
        var session = (await DetectInDesktopAsync()).Inventory.Session;

        Assert.True(session.ScreenCastPortal.Status.IsPresent, session.ScreenCastPortal.Status.Reason);
        Assert.True(session.ScreenCastPortal.Version >= 1, $"version {session.ScreenCastPortal.Version}");
        Assert.NotNull(session.ScreenCastPortal.AvailableSourceTypes);
        Assert.Contains("monitor", HardwareSummary.ScreenCastSourceTypes(session.ScreenCastPortal.AvailableSourceTypes.Value));
    }

    [Fact]
    public async Task DetectAsync_HeadlessSwayDesktop_RemoteDesktopPortalAbsentWithReason()
    {
        // xdg-desktop-portal-wlr implements no RemoteDesktop backend.
        var portal = (await DetectInDesktopAsync()).Inventory.Session.RemoteDesktopPortal;

        Assert.False(portal.Status.IsPresent);
        Assert.Contains("org.freedesktop.portal.RemoteDesktop", portal.Status.Reason, StringComparison.Ordinal);
        Assert.Null(portal.Version);
    }

    [Fact]
    public async Task DetectAsync_HeadlessSwayDesktop_WaylandPipeWireAndDesktopFound()
    {
        var session = (await DetectInDesktopAsync()).Inventory.Session;

        Assert.True(session.Wayland.IsPresent, session.Wayland.Reason);
        Assert.Equal(desktop.WaylandDisplay, session.WaylandDisplay);
        Assert.True(session.PipeWire.IsPresent, session.PipeWire.Reason);
        Assert.Contains(desktop.PipeWireSocket, session.PipeWire.Reason, StringComparison.Ordinal);
        Assert.Equal("sway", session.CurrentDesktop);
    }
}
