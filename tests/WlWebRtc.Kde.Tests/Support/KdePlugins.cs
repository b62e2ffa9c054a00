using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Capture;
using WlWebRtc.Encoders;
using WlWebRtc.Hardware;
using WlWebRtc.Input;
using WlWebRtc.Kde.Capture;
using WlWebRtc.Kde.Input;
using WlWebRtc.Kde.Kwin;
using WlWebRtc.Media;
using WlWebRtc.Plugins;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Kde.Tests.Support;

/// <summary>The KDE plugins aimed at a headless KWin's Wayland socket and bus.</summary>
internal static class KdePlugins
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static KwinEnvironment EnvironmentOf(HeadlessKwin session) =>
        new(Path.Combine(session.RuntimeDirectory, session.WaylandDisplay), session.DBusSessionBusAddress, session.PipeWireSocket);

    /// <summary>Settings choosing the screenshot path at once (the tests of "auto" choose it themselves).</summary>
    public static IReadOnlyDictionary<string, string?> ScreenShots { get; } = new Dictionary<string, string?> { ["method"] = "screenshot" };

    public static PluginContext Context(IReadOnlyDictionary<string, string?>? settings = null) =>
        new(TestSettings.Create(settings ?? new Dictionary<string, string?>()), TestSettings.Empty, HardwareInventory.Empty, NullLoggerFactory.Instance);

    public static CaptureRequest Request(int maxFps = 30) =>
        new(new EncoderInputCapabilities([PixelFormat.Bgrx, PixelFormat.Bgra], FrameMemoryKinds.CpuReadable), maxFps) { InputRequested = true };

    public static async Task<ICaptureSource> CaptureAsync(HeadlessKwin session, IReadOnlyDictionary<string, string?>? settings = null)
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await new KdeCapturePlugin(EnvironmentOf(session)).CreateSourceAsync(Request(), Context(settings ?? ScreenShots), timeout.Token);
    }

    public static async Task<IInputInjector> InjectorAsync(HeadlessKwin session, ICaptureSource source, int width, int height)
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await new KdeInputPlugin(EnvironmentOf(session)).CreateInjectorAsync(new InputTarget(source, width, height), Context(), timeout.Token);
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails naming <paramref name="what"/> after <see cref="Patience"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, Func<string>? state = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Patience, $"timed out after {Patience.TotalSeconds} s waiting for {what}{(state is null ? "" : ": " + state())}");
            await Task.Delay(25);
        }
    }
}
