using WlWebRtc.DBus.Portals;
using WlWebRtc.Testing.DBus;

namespace WlWebRtc.DBus.Tests.Portals;

public sealed class PortalProbeTests : IDisposable
{
    private readonly DBusDaemon _daemon = DBusDaemon.Start();

    public void Dispose() => _daemon.Dispose();

    [Fact]
    public async Task ProbeAsync_ScreenCastOnlyPortal_ReportsVersionTypesAndWhyNoRemoteDesktop()
    {
        await using var service = await _daemon.ConnectAsync();
        await using var client = await _daemon.ConnectAsync();
        await using var portal = await FakePortal.StartAsync(service);
        portal.OfferRemoteDesktop = false;
        portal.CursorModes = 3;

        var result = await PortalProbe.ProbeAsync(client, TimeSpan.FromSeconds(5));

        Assert.True(result.ScreenCast.Available);
        Assert.Equal(4u, result.ScreenCast.Version);
        Assert.Equal(1u, result.ScreenCast.SourceTypes);
        Assert.Equal(3u, result.ScreenCast.CursorModes);
        Assert.False(result.RemoteDesktop.Available);
        Assert.Contains("does not offer org.freedesktop.portal.RemoteDesktop", result.RemoteDesktop.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_BothInterfaces_ReportsDeviceTypes()
    {
        await using var service = await _daemon.ConnectAsync();
        await using var client = await _daemon.ConnectAsync();
        await using var portal = await FakePortal.StartAsync(service);

        var result = await PortalProbe.ProbeAsync(client, TimeSpan.FromSeconds(5));

        Assert.True(result.RemoteDesktop.Available);
        Assert.Equal(2u, result.RemoteDesktop.Version);
        Assert.Equal(3u, result.RemoteDesktop.DeviceTypes);
    }

    [Fact]
    public async Task ProbeAsync_NoPortalOnBus_SaysSoWithoutThrowing()
    {
        await using var client = await _daemon.ConnectAsync();

        var result = await PortalProbe.ProbeAsync(client, TimeSpan.FromSeconds(5));

        Assert.False(result.ScreenCast.Available);
        Assert.Contains("is not on the session bus", result.ScreenCast.Reason, StringComparison.Ordinal);
        Assert.False(result.RemoteDesktop.Available);
    }

    [Fact]
    public async Task ProbeAsync_PortalNeverAnswers_ReportsTimeout()
    {
        await using var service = await _daemon.ConnectAsync();
        await using var client = await _daemon.ConnectAsync();
        await service.RequestNameAsync(PortalNames.Service);
        using var registration = service.RegisterObject(PortalNames.ObjectPath, new Silent());

        var result = await PortalProbe.ProbeAsync(client, TimeSpan.FromMilliseconds(200));

        Assert.False(result.ScreenCast.Available);
        Assert.Contains("did not answer", result.ScreenCast.Reason, StringComparison.Ordinal);
    }

    private sealed class Silent : IDBusObject
    {
        public async ValueTask<DBusReply> HandleMethodCallAsync(DBusMessage message, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return DBusReply.Empty;
        }
    }
}
