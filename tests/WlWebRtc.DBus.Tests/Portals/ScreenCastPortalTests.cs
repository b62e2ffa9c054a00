using WlWebRtc.DBus.Portals;

namespace WlWebRtc.DBus.Tests.Portals;

/// <summary>The ScreenCast client against a fake portal service on a real dbus-daemon.</summary>
public sealed class ScreenCastPortalTests : FakePortalTest
{
    [Fact]
    public async Task StartAsync_PortalOffersMetadata_SelectsMonitorMetadataAndPersist()
    {
        await using var session = await new ScreenCastPortal(Client).StartAsync(Options());

        var stream = Assert.Single(session.Streams);
        Assert.Equal(42u, stream.NodeId);
        Assert.Equal((0, 0, 1280, 720), (stream.X, stream.Y, stream.Width, stream.Height));
        Assert.Equal(["ScreenCast.CreateSession", "ScreenCast.SelectSources", "ScreenCast.Start"], Portal.Calls.Select(c => c.Method));
        var select = Portal.OptionsOf("ScreenCast.SelectSources");
        Assert.Equal(1u, select["types"].Value);
        Assert.Equal(4u, select["cursor_mode"].Value);
        Assert.Equal(2u, select["persist_mode"].Value);
        Assert.False(select.ContainsKey("restore_token"));
        Assert.Equal(session.Handle, (ObjectPath)Portal.Calls.Single(c => c.Method == "ScreenCast.Start").Message.Body[0]);
        Assert.Equal(CursorModes.Metadata, session.CursorMode);
    }

    [Fact]
    public async Task StartAsync_NoMetadataCursor_FallsBackToEmbedded()
    {
        Portal.CursorModes = 3;

        await using var session = await new ScreenCastPortal(Client).StartAsync(Options());

        Assert.Equal(2u, Portal.OptionsOf("ScreenCast.SelectSources")["cursor_mode"].Value);
        Assert.Equal(CursorModes.Embedded, session.CursorMode);
    }

    [Fact]
    public async Task StartAsync_WindowRequestedAndOffered_SelectsWindow()
    {
        Portal.SourceTypes = 3;

        await using var session = await new ScreenCastPortal(Client).StartAsync(Options() with { SourceTypes = ScreenCastSourceTypes.Window | ScreenCastSourceTypes.Virtual });

        Assert.Equal(2u, Portal.OptionsOf("ScreenCast.SelectSources")["types"].Value);
        Assert.Equal(ScreenCastSourceTypes.Window, session.SourceTypes);
    }

    [Fact]
    public async Task StartAsync_SecondRun_SendsTheSavedRestoreToken()
    {
        var portal = new ScreenCastPortal(Client);
        await using (var first = await portal.StartAsync(Options()))
        {
            Assert.Equal("token-1", first.RestoreToken);
        }

        while (Portal.Calls.TryDequeue(out _))
        {
        }

        await using var second = await portal.StartAsync(Options());

        Assert.Equal("token-1", Portal.OptionsOf("ScreenCast.SelectSources")["restore_token"].Value);
        Assert.Equal("token-2", new RestoreTokenStore(StateDirectory).Load("screencast"));
    }

    [Fact]
    public async Task StartAsync_UserCancels_ThrowsCancelledAndClosesSession()
    {
        Portal.StartResponse = 1;

        var error = await Assert.ThrowsAsync<PortalRequestException>(() => new ScreenCastPortal(Client).StartAsync(Options()));

        Assert.Equal(PortalResponse.Cancelled, error.Response);
        Assert.Contains("cancelled by the user", error.Message, StringComparison.Ordinal);
        Assert.Contains("ScreenCast.Start", error.Message, StringComparison.Ordinal);
        Assert.Single(Portal.ClosedSessions);
    }

    [Fact]
    public async Task StartAsync_PortalDenies_ThrowsDeniedOrFailed()
    {
        Portal.StartResponse = 2;

        var error = await Assert.ThrowsAsync<PortalRequestException>(() => new ScreenCastPortal(Client).StartAsync(Options()));

        Assert.Equal(PortalResponse.Failed, error.Response);
        Assert.Contains("denied or failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_NoResponse_TimesOutNamingTheRequest()
    {
        Portal.AnswerStart = false;
        var options = Options() with { Timeouts = new PortalTimeouts { Response = TimeSpan.FromMilliseconds(300) } };

        var error = await Assert.ThrowsAsync<DBusTimeoutException>(() => new ScreenCastPortal(Client).StartAsync(options));

        Assert.Contains("ScreenCast.Start", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenPipeWireRemoteAsync_FakePortal_ReturnsAWorkingDescriptor()
    {
        await using var session = await new ScreenCastPortal(Client).StartAsync(Options());

        using var fd = await session.OpenPipeWireRemoteAsync();

        using var stream = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(fd.DetachDescriptor(), ownsHandle: true), FileAccess.Read);
        using var reader = new StreamReader(stream);
        Assert.Equal("pipewire", await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Closed_CompositorEndsSession_Completes()
    {
        await using var session = await new ScreenCastPortal(Client).StartAsync(Options());
        Assert.False(session.Closed.IsCompleted);

        Portal.CloseSessionFromCompositor(session.Handle.Value, Client.UniqueName);

        await session.Closed.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task DisposeAsync_OpenSession_CallsSessionClose()
    {
        var session = await new ScreenCastPortal(Client).StartAsync(Options());

        await session.DisposeAsync();

        Assert.Equal(session.Handle.Value, Assert.Single(Portal.ClosedSessions));
    }

    [Fact]
    public async Task StartAsync_OnlyWindowOfferedButMonitorRequested_ThrowsNamingBoth()
    {
        Portal.SourceTypes = 2;

        var error = await Assert.ThrowsAsync<PortalRequestException>(() => new ScreenCastPortal(Client).StartAsync(Options()));

        Assert.Contains("Window", error.Message, StringComparison.Ordinal);
        Assert.Contains("Monitor", error.Message, StringComparison.Ordinal);
    }

    private ScreenCastOptions Options() => new() { TokenStore = new RestoreTokenStore(StateDirectory) };
}
