using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Capture;
using WlWebRtc.Encoders;
using WlWebRtc.Gnome.Capture;
using WlWebRtc.Gnome.Input;
using WlWebRtc.Gnome.Mutter;
using WlWebRtc.Hardware;
using WlWebRtc.Input;
using WlWebRtc.Media;
using WlWebRtc.Plugins;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Gnome.Tests.Support;

/// <summary>The GNOME plugins aimed at a headless mutter's bus and PipeWire.</summary>
internal static class GnomePlugins
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>The session's bus and PipeWire; programs the plugins run (gsettings) get the session's environment.</summary>
    public static GnomeEnvironment EnvironmentOf(HeadlessMutter session) =>
        new(session.DBusSessionBusAddress, session.PipeWireSocket) { ProgramEnvironment = session.Environment };

    public static PluginContext Context(IReadOnlyDictionary<string, string?>? settings = null) =>
        new(TestSettings.Create(settings ?? new Dictionary<string, string?>()), TestSettings.Empty, HardwareInventory.Empty, NullLoggerFactory.Instance);

    public static CaptureRequest Request(int maxFps = 30) =>
        new(new EncoderInputCapabilities([PixelFormat.Bgrx, PixelFormat.Bgra], FrameMemoryKinds.CpuReadable), maxFps) { InputRequested = true };

    public static async Task<GnomeCaptureSource> CaptureAsync(HeadlessMutter session, IReadOnlyDictionary<string, string?>? settings = null)
    {
        using var timeout = new CancellationTokenSource(Patience);
        return (GnomeCaptureSource)await new GnomeCapturePlugin(EnvironmentOf(session)).CreateSourceAsync(Request(), Context(settings), timeout.Token);
    }

    public static async Task<IInputInjector> InjectorAsync(HeadlessMutter session, ICaptureSource source, int width, int height)
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await new GnomeInputPlugin(EnvironmentOf(session)).CreateInjectorAsync(new InputTarget(source, width, height), Context(), timeout.Token);
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
