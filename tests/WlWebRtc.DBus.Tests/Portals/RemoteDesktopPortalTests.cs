using WlWebRtc.DBus.Portals;

namespace WlWebRtc.DBus.Tests.Portals;

/// <summary>The RemoteDesktop client's D-Bus layer against a fake portal on a real dbus-daemon (no GNOME/KDE here).</summary>
public sealed class RemoteDesktopPortalTests : FakePortalTest
{
    [Fact]
    public async Task StartAsync_WithScreenCast_SelectsDevicesAndSourcesOnOneSession()
    {
        var options = new RemoteDesktopOptions
        {
            TokenStore = new RestoreTokenStore(StateDirectory),
            ScreenCast = new ScreenCastOptions(),
        };

        await using var session = await new RemoteDesktopPortal(Client).StartAsync(options);

        Assert.Equal(["RemoteDesktop.CreateSession", "RemoteDesktop.SelectDevices", "ScreenCast.SelectSources", "RemoteDesktop.Start"], Portal.Calls.Select(c => c.Method));
        Assert.All(Portal.Calls.Skip(1), c => Assert.Equal(session.Handle, (ObjectPath)c.Message.Body[0]));
        var devices = Portal.OptionsOf("RemoteDesktop.SelectDevices");
        Assert.Equal(3u, devices["types"].Value);
        Assert.Equal(2u, devices["persist_mode"].Value);
        Assert.False(Portal.OptionsOf("ScreenCast.SelectSources").ContainsKey("persist_mode"));
        Assert.Equal(RemoteDesktopDeviceTypes.Keyboard | RemoteDesktopDeviceTypes.Pointer, session.Devices);
        Assert.Equal(42u, Assert.Single(session.Streams).NodeId);
        Assert.Equal("token-1", new RestoreTokenStore(StateDirectory).Load("remotedesktop"));
    }

    [Theory]
    [InlineData(7u, 4u)]
    [InlineData(3u, 2u)]
    public async Task StartAsync_WithScreenCast_ReportsTheCursorModeItSelected(uint offered, uint expected)
    {
        Portal.CursorModes = offered;

        await using var session = await new RemoteDesktopPortal(Client).StartAsync(new RemoteDesktopOptions { Persist = false, ScreenCast = new ScreenCastOptions() });

        Assert.Equal((CursorModes)expected, session.CursorMode);
        Assert.Equal(expected, Portal.OptionsOf("ScreenCast.SelectSources")["cursor_mode"].Value);
    }

    [Fact]
    public async Task StartAsync_WithoutScreenCast_NoCursorMode()
    {
        await using var session = await new RemoteDesktopPortal(Client).StartAsync(new RemoteDesktopOptions { Persist = false });

        Assert.Equal(CursorModes.None, session.CursorMode);
    }

    [Fact]
    public async Task NotifyMethods_StartedSession_SendTheSpecArguments()
    {
        await using var session = await new RemoteDesktopPortal(Client).StartAsync(new RemoteDesktopOptions { Persist = false });

        await session.NotifyPointerMotionAbsoluteAsync(42, 10.5, 20);
        await session.NotifyPointerButtonAsync(0x110, pressed: true);
        await session.NotifyPointerAxisDiscreteAsync(0, -2);
        await session.NotifyKeyboardKeycodeAsync(30, pressed: false);

        var calls = Portal.Calls.Where(c => c.Method.StartsWith("RemoteDesktop.Notify", StringComparison.Ordinal)).ToList();
        Assert.Equal(["oa{sv}udd", "oa{sv}iu", "oa{sv}ui", "oa{sv}iu"], calls.Select(c => c.Message.Signature));
        Assert.Equal([42u, 10.5, 20.0], calls[0].Message.Body.Skip(2));
        Assert.Equal([0x110, 1u], calls[1].Message.Body.Skip(2));
        Assert.Equal([0u, -2], calls[2].Message.Body.Skip(2));
        Assert.Equal([30, 0u], calls[3].Message.Body.Skip(2));
        Assert.All(calls, c => Assert.Equal(session.Handle, (ObjectPath)c.Message.Body[0]));
        Assert.False(Portal.OptionsOf("RemoteDesktop.SelectDevices").ContainsKey("persist_mode"));
    }

    [Fact]
    public async Task StartAsync_UserCancels_ThrowsCancelled()
    {
        Portal.StartResponse = 1;

        var error = await Assert.ThrowsAsync<PortalRequestException>(() => new RemoteDesktopPortal(Client).StartAsync(new RemoteDesktopOptions()));

        Assert.Equal(PortalResponse.Cancelled, error.Response);
        Assert.Contains("RemoteDesktop.Start", error.Message, StringComparison.Ordinal);
    }
}
