using WlWebRtc.DBus.Portals;
using WlWebRtc.DBus.Tests.Fixtures;

namespace WlWebRtc.DBus.Tests.Portals;

/// <summary>The ScreenCast client against a fake portal service on a real dbus-daemon.</summary>
public sealed class ScreenCastPortalTests : IAsyncLifetime
{
    private readonly DBusDaemon _daemon = DBusDaemon.Start();
    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("wlwebrtc-state-").FullName;
    private DBusConnection _service = null!;
    private DBusConnection _client = null!;
    private FakePortal _portal = null!;

    public async Task InitializeAsync()
    {
        _service = await _daemon.ConnectAsync();
        _client = await _daemon.ConnectAsync();
        _portal = await FakePortal.StartAsync(_service);
    }

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _client.DisposeAsync();
        await _service.DisposeAsync();
        _daemon.Dispose();
        Directory.Delete(_stateDirectory, recursive: true);
    }

    [Fact]
    public async Task StartAsync_PortalOffersMetadata_SelectsMonitorMetadataAndPersist()
    {
        await using var session = await new ScreenCastPortal(_client).StartAsync(Options());

        var stream = Assert.Single(session.Streams);
        Assert.Equal(42u, stream.NodeId);
        Assert.Equal((0, 0, 1280, 720), (stream.X, stream.Y, stream.Width, stream.Height));
        Assert.Equal(["ScreenCast.CreateSession", "ScreenCast.SelectSources", "ScreenCast.Start"], _portal.Calls.Select(c => c.Method));
        var select = _portal.OptionsOf("ScreenCast.SelectSources");
        Assert.Equal(1u, select["types"].Value);
        Assert.Equal(4u, select["cursor_mode"].Value);
        Assert.Equal(2u, select["persist_mode"].Value);
        Assert.False(select.ContainsKey("restore_token"));
        Assert.Equal(session.Handle, (ObjectPath)_portal.Calls.Single(c => c.Method == "ScreenCast.Start").Message.Body[0]);
        Assert.Equal(CursorModes.Metadata, session.CursorMode);
    }

    [Fact]
    public async Task StartAsync_NoMetadataCursor_FallsBackToEmbedded()
    {
        _portal.CursorModes = 3;

        await using var session = await new ScreenCastPortal(_client).StartAsync(Options());

        Assert.Equal(2u, _portal.OptionsOf("ScreenCast.SelectSources")["cursor_mode"].Value);
        Assert.Equal(CursorModes.Embedded, session.CursorMode);
    }

    [Fact]
    public async Task StartAsync_WindowRequestedAndOffered_SelectsWindow()
    {
        _portal.SourceTypes = 3;

        await using var session = await new ScreenCastPortal(_client).StartAsync(Options() with { SourceTypes = ScreenCastSourceTypes.Window | ScreenCastSourceTypes.Virtual });

        Assert.Equal(2u, _portal.OptionsOf("ScreenCast.SelectSources")["types"].Value);
        Assert.Equal(ScreenCastSourceTypes.Window, session.SourceTypes);
    }

    [Fact]
    public async Task StartAsync_SecondRun_SendsTheSavedRestoreToken()
    {
        var portal = new ScreenCastPortal(_client);
        await using (var first = await portal.StartAsync(Options()))
        {
            Assert.Equal("token-1", first.RestoreToken);
        }

        while (_portal.Calls.TryDequeue(out _))
        {
        }

        await using var second = await portal.StartAsync(Options());

        Assert.Equal("token-1", _portal.OptionsOf("ScreenCast.SelectSources")["restore_token"].Value);
        Assert.Equal("token-2", new RestoreTokenStore(_stateDirectory).Load("screencast"));
    }

    [Fact]
    public async Task StartAsync_UserCancels_ThrowsCancelledAndClosesSession()
    {
        _portal.StartResponse = 1;

        var error = await Assert.ThrowsAsync<PortalRequestException>(() => new ScreenCastPortal(_client).StartAsync(Options()));

        Assert.Equal(PortalResponse.Cancelled, error.Response);
        Assert.Contains("cancelled by the user", error.Message, StringComparison.Ordinal);
        Assert.Contains("ScreenCast.Start", error.Message, StringComparison.Ordinal);
        Assert.Single(_portal.ClosedSessions);
    }

    [Fact]
    public async Task StartAsync_PortalDenies_ThrowsDeniedOrFailed()
    {
        _portal.StartResponse = 2;

        var error = await Assert.ThrowsAsync<PortalRequestException>(() => new ScreenCastPortal(_client).StartAsync(Options()));

        Assert.Equal(PortalResponse.Failed, error.Response);
        Assert.Contains("denied or failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_NoResponse_TimesOutNamingTheRequest()
    {
        _portal.AnswerStart = false;
        var options = Options() with { Timeouts = new PortalTimeouts { Response = TimeSpan.FromMilliseconds(300) } };

        var error = await Assert.ThrowsAsync<DBusTimeoutException>(() => new ScreenCastPortal(_client).StartAsync(options));

        Assert.Contains("ScreenCast.Start", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenPipeWireRemoteAsync_FakePortal_ReturnsAWorkingDescriptor()
    {
        await using var session = await new ScreenCastPortal(_client).StartAsync(Options());

        using var fd = await session.OpenPipeWireRemoteAsync();

        using var stream = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(fd.DetachDescriptor(), ownsHandle: true), FileAccess.Read);
        using var reader = new StreamReader(stream);
        Assert.Equal("pipewire", await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Closed_CompositorEndsSession_Completes()
    {
        await using var session = await new ScreenCastPortal(_client).StartAsync(Options());
        Assert.False(session.Closed.IsCompleted);

        _portal.CloseSessionFromCompositor(session.Handle.Value, _client.UniqueName);

        await session.Closed.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task DisposeAsync_OpenSession_CallsSessionClose()
    {
        var session = await new ScreenCastPortal(_client).StartAsync(Options());

        await session.DisposeAsync();

        Assert.Equal(session.Handle.Value, Assert.Single(_portal.ClosedSessions));
    }

    [Fact]
    public async Task StartAsync_OnlyWindowOfferedButMonitorRequested_ThrowsNamingBoth()
    {
        _portal.SourceTypes = 2;

        var error = await Assert.ThrowsAsync<PortalRequestException>(() => new ScreenCastPortal(_client).StartAsync(Options()));

        Assert.Contains("Window", error.Message, StringComparison.Ordinal);
        Assert.Contains("Monitor", error.Message, StringComparison.Ordinal);
    }

    private ScreenCastOptions Options() => new() { TokenStore = new RestoreTokenStore(_stateDirectory) };
}
