using WlWebRtc.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Portal;
using WlWebRtc.Portal.Session;
using WlWebRtc.PipeWire.Capture;
using WlWebRtc.Portal.Source;
using WlWebRtc.Encoders;
using WlWebRtc.Hardware;
using WlWebRtc.Media;
using WlWebRtc.Plugins;
using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Capture.Tests.Portal;

/// <summary>Creates portal capture sources through the plugin, aimed at a headless desktop's session bus.</summary>
internal static class PortalCaptures
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    /// <summary>A fresh restore-token directory per test unless one is given.</summary>
    public static async Task<PortalCaptureSource> CreateAsync(HeadlessDesktop desktop, int maxFps = 30, string? stateDirectory = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var plugin = new PortalCapturePlugin(new PortalEnvironment(desktop.DBusSessionBusAddress, stateDirectory ?? NewStateDirectory()));
        var context = new PluginContext(TestSettings.Create(settings ?? new Dictionary<string, string?>()), TestSettings.Empty, HardwareInventory.Empty, NullLoggerFactory.Instance);
        var request = new CaptureRequest(new EncoderInputCapabilities([PixelFormat.Bgrx, PixelFormat.Bgra], FrameMemoryKinds.CpuReadable), maxFps);
        using var timeout = new CancellationTokenSource(Patience);
        return (PortalCaptureSource)await plugin.CreateSourceAsync(request, context, timeout.Token);
    }

    public static string NewStateDirectory() => Path.Combine(Path.GetTempPath(), "wlwebrtc-capture-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> after <paramref name="limit"/> (default 15 s).</summary>
    public static Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? limit = null) => Poll.UntilAsync(condition, what, limit ?? Patience);
}
