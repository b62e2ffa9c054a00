using WlWebRtc.Kde.Capture;
using WlWebRtc.Kde.Input;
using WlWebRtc.Kde.Tests.Support;
using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Kde.Tests;

public sealed class GrantMissingTests
{
    [Fact]
    public async Task ProbeAsync_KwinWithoutGrant_UnavailableNamingTheGrantAndTheExecutable()
    {
        using var kwin = await HeadlessKwin.StartAsync(new HeadlessDesktopOptions(640, 480), []);

        var input = await new KdeInputPlugin(KdePlugins.EnvironmentOf(kwin)).ProbeAsync(KdePlugins.Context(), CancellationToken.None);
        var capture = await new KdeCapturePlugin(KdePlugins.EnvironmentOf(kwin)).ProbeAsync(KdePlugins.Context(), CancellationToken.None);

        Assert.False(input.IsAvailable);
        Assert.Contains("KWin hides org_kde_kwin_fake_input from this executable (" + HeadlessKwin.CurrentExecutable + "): the .desktop grant is missing", input.Reason, StringComparison.Ordinal);
        Assert.Contains("scripts/install-kde-grant.sh", input.Reason, StringComparison.Ordinal);
        Assert.False(capture.IsAvailable);
        Assert.Contains("KWin hides org.kde.KWin.ScreenShot2 from this executable", capture.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_NotKwin_UnavailableSayingSo()
    {
        using var desktop = await HeadlessDesktop.StartAsync(new HeadlessDesktopOptions(640, 480));
        var environment = new Kwin.KwinEnvironment(Path.Combine(desktop.RuntimeDirectory, desktop.WaylandDisplay), desktop.DBusSessionBusAddress);

        var input = await new KdeInputPlugin(environment).ProbeAsync(KdePlugins.Context(), CancellationToken.None);
        var capture = await new KdeCapturePlugin(environment).ProbeAsync(KdePlugins.Context(), CancellationToken.None);

        Assert.False(input.IsAvailable);
        Assert.Contains("is not KWin", input.Reason, StringComparison.Ordinal);
        Assert.False(capture.IsAvailable);
        Assert.Contains("is not KWin", capture.Reason, StringComparison.Ordinal);
    }
}
