using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Portal;
using WlWebRtc.Portal.Session;
using WlWebRtc.Portal.Source;
using WlWebRtc.Capture.Tests.Desktop;
using WlWebRtc.Capture.Tests.PipeWire;
using WlWebRtc.Encoders;
using WlWebRtc.Hardware;
using WlWebRtc.Input;
using WlWebRtc.Media;
using WlWebRtc.Plugins;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Capture.Tests.Portal;

/// <summary>
/// On the real headless desktop xdg-desktop-portal-wlr has no RemoteDesktop backend: a capture asked for with input
/// must fall back to a plain ScreenCast (and still deliver frames) rather than fail.
/// </summary>
[Collection(DesktopGroup.Name)]
public sealed class WlrRemoteDesktopFallbackTests(HeadlessDesktop desktop)
{
    [Fact]
    public async Task CreateSourceAsync_InputRequestedOnWlr_FallsBackToScreenCastAndCaptures()
    {
        var plugin = new PortalCapturePlugin(new PortalEnvironment(desktop.DBusSessionBusAddress, PortalCaptures.NewStateDirectory()));
        var context = new PluginContext(TestSettings.Empty, TestSettings.Empty, HardwareInventory.Empty, NullLoggerFactory.Instance);
        var request = new CaptureRequest(new EncoderInputCapabilities([PixelFormat.Bgrx, PixelFormat.Bgra], FrameMemoryKinds.CpuReadable), 30) { InputRequested = true };
        using var timeout = new CancellationTokenSource(PortalCaptures.Patience);

        await using var source = (PortalCaptureSource)await plugin.CreateSourceAsync(request, context, timeout.Token);
        var sink = new RecordingSink();
        await source.StartAsync(sink, CancellationToken.None);
        await desktop.SetBackgroundAsync("#314159");
        await PortalCaptures.WaitUntilAsync(() => sink.Count >= 1, "a frame from the ScreenCast fallback");

        Assert.Equal(PortalSessionKind.ScreenCast, source.Session.Plan.Kind);
        Assert.Contains("RemoteDesktop portal is not available", source.Session.Plan.Reason, StringComparison.Ordinal);
        Assert.Null(((ICaptureSource)source).GetFeature<IRemoteDesktopSessionFeature>());
        Assert.NotNull(((ICaptureSource)source).GetFeature<IPortalScreenCastFeature>());
    }
}
