using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Portal;
using WlWebRtc.Portal.Session;
using WlWebRtc.DBus;
using WlWebRtc.DBus.Portals;
using WlWebRtc.Encoders;
using WlWebRtc.Hardware;
using WlWebRtc.Input;
using WlWebRtc.Media;
using WlWebRtc.Plugins;
using WlWebRtc.Testing;
using WlWebRtc.Testing.DBus;

namespace WlWebRtc.Capture.Tests.Portal;

/// <summary>
/// The capture's portal handshake against a fake xdg-desktop-portal offering ScreenCast and RemoteDesktop on a real
/// dbus-daemon (there is no GNOME or KDE here): when input is requested the capture runs through RemoteDesktop, so
/// one session, one permission and one restore token cover capture and input.
/// </summary>
public sealed class RemoteDesktopCaptureTests : IAsyncLifetime
{
    private static readonly string[] RemoteDesktopFlow =
        ["RemoteDesktop.CreateSession", "RemoteDesktop.SelectDevices", "ScreenCast.SelectSources", "RemoteDesktop.Start", "ScreenCast.OpenPipeWireRemote"];

    private static readonly string[] ScreenCastFlow =
        ["ScreenCast.CreateSession", "ScreenCast.SelectSources", "ScreenCast.Start", "ScreenCast.OpenPipeWireRemote"];

    private FakePortalBus _bus = null!;

    public async Task InitializeAsync() => _bus = await FakePortalBus.StartAsync();

    public async Task DisposeAsync() => await _bus.DisposeAsync();

    [Fact]
    public async Task OpenAsync_InputRequestedAndRemoteDesktopOffered_OneSessionStartedByRemoteDesktop()
    {
        await using var session = await _bus.OpenAsync(inputRequested: true);

        Assert.Equal(RemoteDesktopFlow, _bus.Methods);
        var calls = _bus.Portal.Calls.ToList();
        Assert.All(calls.Skip(1), c => Assert.Equal(session.SessionHandle, ((ObjectPath)c.Message.Body[0]).Value));
        Assert.Equal(PortalNames.RemoteDesktop, calls[0].Message.Interface);
        var devices = _bus.Portal.OptionsOf("RemoteDesktop.SelectDevices");
        Assert.Equal(3u, devices["types"].Value);
        Assert.Equal(2u, devices["persist_mode"].Value);
        Assert.False(devices.ContainsKey("restore_token"));
        var sources = _bus.Portal.OptionsOf("ScreenCast.SelectSources");
        Assert.Equal(1u, sources["types"].Value);
        Assert.Equal((uint)CursorModes.Metadata, sources["cursor_mode"].Value);
        Assert.False(sources.ContainsKey("persist_mode"));
        Assert.Equal(PortalSessionKind.RemoteDesktop, session.Plan.Kind);
        Assert.Equal(CursorModes.Metadata, session.CursorMode);
        Assert.Equal(42u, Assert.Single(session.Streams).NodeId);
        var feature = Assert.IsAssignableFrom<IRemoteDesktopSessionFeature>(session.RemoteDesktop);
        Assert.Equal((42u, 1280, 720), (feature.StreamNodeId, feature.StreamWidth, feature.StreamHeight));
        Assert.Equal(RemoteDesktopDevices.Keyboard | RemoteDesktopDevices.Pointer, feature.Devices);
        Assert.Equal("token-1", new RestoreTokenStore(_bus.StateDirectory).Load(PortalSessionStarter.RemoteDesktopTokenKey));
        Assert.Null(new RestoreTokenStore(_bus.StateDirectory).Load("screencast"));
    }

    [Fact]
    public async Task OpenAsync_SecondStart_RestoresFromTheSavedRemoteDesktopToken()
    {
        await using (await _bus.OpenAsync(inputRequested: true))
        {
        }

        await using var second = await _bus.OpenAsync(inputRequested: true);

        var selectDevices = _bus.Portal.Calls.Where(c => c.Method == "RemoteDesktop.SelectDevices").ToList();
        Assert.Equal(2, selectDevices.Count);
        Assert.Equal("token-1", DBusValue.ToVardict(selectDevices[1].Message.Body[^1])["restore_token"].Value);
        Assert.All(_bus.Portal.Calls.Where(c => c.Method == "ScreenCast.SelectSources"), c => Assert.False(DBusValue.ToVardict(c.Message.Body[^1]).ContainsKey("restore_token")));
        Assert.Equal("token-2", second.RestoreToken);
        Assert.Equal("token-2", new RestoreTokenStore(_bus.StateDirectory).Load(PortalSessionStarter.RemoteDesktopTokenKey));
    }

    [Fact]
    public async Task OpenAsync_NoInputRequested_PlainScreenCast()
    {
        await using var session = await _bus.OpenAsync(inputRequested: false);

        Assert.Equal(ScreenCastFlow, _bus.Methods);
        Assert.Equal(PortalSessionKind.ScreenCast, session.Plan.Kind);
        Assert.Null(session.RemoteDesktop);
        Assert.Equal("token-1", new RestoreTokenStore(_bus.StateDirectory).Load("screencast"));
    }

    [Fact]
    public async Task OpenAsync_RemoteDesktopNever_PlainScreenCastEvenWithInput()
    {
        await using var session = await _bus.OpenAsync(inputRequested: true, new Dictionary<string, string?> { ["remote_desktop"] = "never" });

        Assert.Equal(ScreenCastFlow, _bus.Methods);
        Assert.Null(session.RemoteDesktop);
        Assert.Contains("remote_desktop = \"never\"", session.Plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_InputRequestedButNoRemoteDesktopPortal_PlainScreenCastSayingWhy()
    {
        _bus.Portal.OfferRemoteDesktop = false;

        await using var session = await _bus.OpenAsync(inputRequested: true);

        Assert.Equal(ScreenCastFlow, _bus.Methods);
        Assert.Null(session.RemoteDesktop);
        Assert.Contains("RemoteDesktop portal is not available", session.Plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_RemoteDesktopOffersOnlyTouch_PlainScreenCast()
    {
        _bus.Portal.DeviceTypes = 4;

        await using var session = await _bus.OpenAsync(inputRequested: true);

        Assert.Equal(ScreenCastFlow, _bus.Methods);
        Assert.Contains("neither keyboard nor pointer", session.Plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_UserCancelsRemoteDesktop_ClearErrorAndSessionClosed()
    {
        _bus.Portal.StartResponse = 1;

        var error = await Assert.ThrowsAsync<PortalCaptureException>(() => _bus.OpenAsync(inputRequested: true));

        Assert.Contains("remote desktop session (screen and input) was cancelled", error.Message, StringComparison.Ordinal);
        Assert.Contains("remote_desktop = \"never\"", error.Message, StringComparison.Ordinal);
        Assert.Single(_bus.Portal.ClosedSessions);
    }

    [Fact]
    public async Task Feature_NotifyCalls_ArriveWithTheSessionHandleAndStreamNode()
    {
        await using var session = await _bus.OpenAsync(inputRequested: true);
        IRemoteDesktopSessionFeature feature = session.RemoteDesktop!;

        await feature.NotifyPointerMotionAbsoluteAsync(640.5, 360, CancellationToken.None);
        await feature.NotifyPointerMotionAsync(-3, 4.25, CancellationToken.None);
        await feature.NotifyPointerButtonAsync(0x110, pressed: true, CancellationToken.None);
        await feature.NotifyPointerAxisAsync(0, 7.5, finish: true, CancellationToken.None);
        await feature.NotifyPointerAxisDiscreteAsync(PointerAxis.Horizontal, -2, CancellationToken.None);
        await feature.NotifyKeyboardKeycodeAsync(30, pressed: false, CancellationToken.None);

        var calls = _bus.Portal.Calls.Where(c => c.Method.StartsWith("RemoteDesktop.Notify", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            ["NotifyPointerMotionAbsolute", "NotifyPointerMotion", "NotifyPointerButton", "NotifyPointerAxis", "NotifyPointerAxisDiscrete", "NotifyKeyboardKeycode"],
            calls.Select(c => c.Message.Member));
        Assert.All(calls, c => Assert.Equal(session.SessionHandle, ((ObjectPath)c.Message.Body[0]).Value));
        Assert.Equal([42u, 640.5, 360.0], calls[0].Message.Body.Skip(2));
        Assert.Equal([-3.0, 4.25], calls[1].Message.Body.Skip(2));
        Assert.Equal([0x110, 1u], calls[2].Message.Body.Skip(2));
        Assert.Equal([0.0, 7.5], calls[3].Message.Body.Skip(2));
        Assert.Equal(true, DBusValue.ToVardict(calls[3].Message.Body[1])["finish"].Value);
        Assert.Equal([1u, -2], calls[4].Message.Body.Skip(2));
        Assert.Equal([30, 0u], calls[5].Message.Body.Skip(2));
        Assert.Equal(calls.Count, _bus.Portal.Calls.Count(c => c.Message.Sender == session.Connection.UniqueName && c.Method.StartsWith("RemoteDesktop.Notify", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Feature_CompositorClosesSession_ClosedCompletesAndCallsFailClearly()
    {
        await using var session = await _bus.OpenAsync(inputRequested: true);
        IRemoteDesktopSessionFeature feature = session.RemoteDesktop!;

        _bus.Portal.CloseSessionFromCompositor(session.SessionHandle, session.Connection.UniqueName);
        await feature.Closed.WaitAsync(TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => feature.NotifyKeyboardKeycodeAsync(30, true, CancellationToken.None).AsTask());
        Assert.Contains("has ended", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_bus.Portal.Calls, c => c.Method == "RemoteDesktop.NotifyKeyboardKeycode");
    }

    [Fact]
    public async Task CreateSourceAsync_InputRequested_SourceOffersTheRemoteDesktopFeature()
    {
        var plugin = new PortalCapturePlugin(_bus.Environment);
        var context = new PluginContext(TestSettings.Empty, TestSettings.Empty, HardwareInventory.Empty, NullLoggerFactory.Instance);
        var request = new CaptureRequest(new EncoderInputCapabilities([PixelFormat.Bgrx], FrameMemoryKinds.CpuReadable), 30) { InputRequested = true };

        await using var source = await plugin.CreateSourceAsync(request, context, CancellationToken.None);

        var feature = source.GetFeature<IRemoteDesktopSessionFeature>();
        Assert.NotNull(feature);
        Assert.Equal(42u, feature.StreamNodeId);
        Assert.NotNull(source.GetFeature<IPortalScreenCastFeature>());
        Assert.Equal(1, _bus.Methods.Count(m => m.EndsWith(".CreateSession", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task CreateSourceAsync_NoInputRequested_SourceOffersNoRemoteDesktopFeature()
    {
        var plugin = new PortalCapturePlugin(_bus.Environment);
        var context = new PluginContext(TestSettings.Empty, TestSettings.Empty, HardwareInventory.Empty, NullLoggerFactory.Instance);
        var request = new CaptureRequest(new EncoderInputCapabilities([PixelFormat.Bgrx], FrameMemoryKinds.CpuReadable), 30);

        await using var source = await plugin.CreateSourceAsync(request, context, CancellationToken.None);

        Assert.Null(source.GetFeature<IRemoteDesktopSessionFeature>());
        Assert.Equal(ScreenCastFlow, _bus.Methods);
    }
}
