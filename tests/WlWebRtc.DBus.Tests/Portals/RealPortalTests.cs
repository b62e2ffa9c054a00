using WlWebRtc.DBus.Portals;
using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.DBus.Tests.Portals;

/// <summary>
/// The ScreenCast flow against the real xdg-desktop-portal + xdg-desktop-portal-wlr of a headless sway desktop
/// (started by the shared fixture; fails with its reason when sway/portal/PipeWire are missing).
/// </summary>
public sealed class RealPortalTests : IAsyncLifetime
{
    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("wlwebrtc-state-").FullName;
    private HeadlessDesktop? _desktop;

    private HeadlessDesktop Desktop => _desktop ?? throw new InvalidOperationException("The desktop did not start.");

    public async Task InitializeAsync() => _desktop = await HeadlessDesktop.StartAsync(new HeadlessDesktopOptions());

    public Task DisposeAsync()
    {
        _desktop?.Dispose();
        Directory.Delete(_stateDirectory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ProbeAsync_SwayDesktop_ScreenCastAvailableRemoteDesktopNot()
    {
        await using var bus = await DBusConnection.ConnectAsync(Desktop.DBusSessionBusAddress);

        var result = await PortalProbe.ProbeAsync(bus, TimeSpan.FromSeconds(5));

        Assert.True(result.ScreenCast.Available, result.ScreenCast.Reason);
        Assert.True(result.ScreenCast.Version >= 4, $"ScreenCast version {result.ScreenCast.Version}");
        Assert.NotEqual(0u, result.ScreenCast.SourceTypes!.Value & 1u);
        Assert.NotEqual(0u, result.ScreenCast.CursorModes!.Value & 2u);
        Assert.False(result.RemoteDesktop.Available);
        Assert.NotNull(result.RemoteDesktop.Reason);
    }

    [Fact]
    public async Task StartAsync_SwayDesktop_GetsNodeAndPipeWireFdAndRestoresWithToken()
    {
        await using var bus = await DBusConnection.ConnectAsync(Desktop.DBusSessionBusAddress);
        var portal = new ScreenCastPortal(bus);
        var options = new ScreenCastOptions { TokenStore = new RestoreTokenStore(_stateDirectory), Timeouts = new PortalTimeouts { Response = TimeSpan.FromSeconds(20) } };

        string? firstToken;
        await using (var session = await portal.StartAsync(options))
        {
            var stream = Assert.Single(session.Streams);
            Assert.NotEqual(0u, stream.NodeId);
            Assert.Equal(Desktop.OutputSize, (stream.Width!.Value, stream.Height!.Value));
            Assert.Equal(CursorModes.Embedded, session.CursorMode);

            using var fd = await session.OpenPipeWireRemoteAsync();
            var target = new FileInfo($"/proc/self/fd/{fd.DangerousFd}").LinkTarget;
            Assert.StartsWith("socket:", target, StringComparison.Ordinal);
            firstToken = session.RestoreToken;
            Assert.False(session.Closed.IsCompleted);
        }

        Assert.NotNull(firstToken);
        Assert.Equal(firstToken, new RestoreTokenStore(_stateDirectory).Load("screencast"));

        await using var restored = await portal.StartAsync(options);
        Assert.NotEqual(0u, Assert.Single(restored.Streams).NodeId);
    }
}
