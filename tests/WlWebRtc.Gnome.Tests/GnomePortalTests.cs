using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Capture;
using WlWebRtc.DBus.Portals;
using WlWebRtc.Encoders;
using WlWebRtc.Gnome.Tests.Support;
using WlWebRtc.Hardware;
using WlWebRtc.Input;
using WlWebRtc.Media;
using WlWebRtc.Plugins;
using WlWebRtc.Portal;
using WlWebRtc.Portal.Session;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Desktop;
using Dialog = WlWebRtc.Testing.Desktop.HeadlessGnomePortal.RemoteDesktopDialog;

namespace WlWebRtc.Gnome.Tests;

/// <summary>
/// The product's portal plugins on real GNOME: xdg-desktop-portal with only xdg-desktop-portal-gnome, on headless
/// mutter. A cast with a restore token the user granted earlier starts without a dialog; the RemoteDesktop portal's
/// dialog (it never persists on GNOME) is answered as a user would, through Mutter's own input API.
/// </summary>
[Collection(GnomePortalGroup.Name)]
public sealed class GnomePortalTests(HeadlessGnomePortal gnome)
{
    private static readonly TimeSpan Patience = GnomePlugins.Patience;

    [Fact]
    public async Task PortalCapture_RestoreTokenTheUserGrantedEarlier_FramesWithoutADialog()
    {
        var token = Guid.NewGuid().ToString();
        await gnome.GrantScreenCastAsync(token);
        var state = Path.Combine(gnome.RunDirectory, "state-" + Guid.NewGuid().ToString("N"));
        new RestoreTokenStore(state).Save("screencast", token);
        var plugin = new PortalCapturePlugin(new PortalEnvironment(gnome.DBusSessionBusAddress, state));

        // no one answers a dialog here: with the grant missing, Start waits for a click until the timeout fails the test
        await using var source = await CreatePortalSourceAsync(plugin);
        var sink = new FrameSink();
        await source.StartAsync(sink, CancellationToken.None);

        await GnomePlugins.WaitUntilAsync(() => sink.Latest is not null, "a frame from the portal's cast");
        var frame = sink.Latest!;
        Assert.Equal((HeadlessGnomePortal.Width, HeadlessGnomePortal.Height), (frame.Width, frame.Height));
        Assert.NotEqual(Dialog.ShareBlue, frame.Pixel(Dialog.ShareButton.X - 26, Dialog.ShareButton.Y - 10));

        // the portal hands out a fresh single-use token for the next start; the plugin keeps it
        var next = new RestoreTokenStore(state).Load("screencast");
        Assert.False(string.IsNullOrEmpty(next));
    }

    [Fact]
    public async Task PortalInput_DialogAnsweredThroughMutter_KeysReachAFocusedTerminal()
    {
        // the user's hand: Mutter's RemoteDesktop API (the gnome plugins), and eyes: a cast without the cursor
        await using var eyes = await GnomePlugins.CaptureAsync(gnome, new Dictionary<string, string?> { ["cursor_mode"] = "hidden" });
        var sink = new FrameSink();
        await eyes.StartAsync(sink, CancellationToken.None);
        await using var hand = await GnomePlugins.InjectorAsync(gnome, eyes, HeadlessGnomePortal.Width, HeadlessGnomePortal.Height);

        // the eyes' source offers no portal session, so the portal input plugin starts its own: the dialog appears
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var starting = new PortalRemoteDesktopPlugin(gnome.DBusSessionBusAddress)
            .CreateInjectorAsync(new InputTarget(eyes, HeadlessGnomePortal.Width, HeadlessGnomePortal.Height), GnomePlugins.Context(), timeout.Token)
            .AsTask();
        await GnomePlugins.WaitUntilAsync(() => IsShareButton(sink.Latest), "the RemoteDesktop dialog's Share button", () => Describe(sink.Latest));

        // "Allow remote interaction" is off by default (the portal would grant no devices): switch it on, then Share
        await ClickAsync(hand, Dialog.AllowInteractionSwitch);
        await GnomePlugins.WaitUntilAsync(() => IsSwitchOn(sink.Latest), "the Allow remote interaction switch to turn on", () => Describe(sink.Latest));
        Assert.False(starting.IsCompleted, "the portal answered before Share was clicked");
        await ClickAsync(hand, Dialog.ShareButton);
        await using var input = await starting.WaitAsync(Patience);

        var output = Path.Combine(gnome.RunDirectory, "portal-typed-" + Guid.NewGuid().ToString("N"));
        var terminal = gnome.StartProcess("foot-portal", "foot", "sh", "-c", $"stty -echo; cat > '{output}'");
        try
        {
            // keys through the portal's session; until foot maps and has focus they go nowhere, so again until a line arrives
            await GnomePlugins.WaitUntilAsync(
                () =>
                {
                    foreach (var key in new[] { 25, 24, 28 })
                    {
                        input.KeyAsync(key, true, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                        input.KeyAsync(key, false, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                    }

                    Thread.Sleep(200);
                    return File.Exists(output) && File.ReadAllText(output).Contains("po\n", StringComparison.Ordinal);
                },
                "keys typed through the RemoteDesktop portal in foot",
                () => $"foot running: {terminal.IsRunning}; log: {terminal.LogTail(5)}");
        }
        finally
        {
            terminal.Dispose();
        }

        Assert.EndsWith("po\n", File.ReadAllText(output), StringComparison.Ordinal);
    }

    private static async Task<ICaptureSource> CreatePortalSourceAsync(PortalCapturePlugin plugin)
    {
        var context = new PluginContext(TestSettings.Create(new Dictionary<string, string?>()), TestSettings.Empty, HardwareInventory.Empty, NullLoggerFactory.Instance);
        var request = new CaptureRequest(new EncoderInputCapabilities([PixelFormat.Bgrx, PixelFormat.Bgra], FrameMemoryKinds.CpuReadable), 30);
        using var timeout = new CancellationTokenSource(Patience);
        return await plugin.CreateSourceAsync(request, context, timeout.Token);
    }

    private static async Task ClickAsync(IInputInjector hand, (int X, int Y) at)
    {
        await hand.MovePointerAbsoluteAsync((double)at.X / HeadlessGnomePortal.Width, (double)at.Y / HeadlessGnomePortal.Height, CancellationToken.None);
        await Task.Delay(100);
        await hand.PointerButtonAsync(0x110, true, CancellationToken.None);
        await hand.PointerButtonAsync(0x110, false, CancellationToken.None);
    }

    private static bool IsShareButton(FrameSink.Snapshot? frame) =>
        frame is not null && frame.Pixel(Dialog.ShareButton.X - 26, Dialog.ShareButton.Y - 10) == Dialog.ShareBlue;

    /// <summary>The switch's track left of its knob: white (the knob) when off, blue when on.</summary>
    private static bool IsSwitchOn(FrameSink.Snapshot? frame)
    {
        if (frame is null)
        {
            return false;
        }

        var pixel = frame.Pixel(Dialog.SwitchTrackLeft.X, Dialog.SwitchTrackLeft.Y);
        return (int)(pixel & 0xff) - (int)((pixel >> 16) & 0xff) > 100;
    }

    private static string Describe(FrameSink.Snapshot? frame) =>
        frame is null
            ? "no frame yet"
            : $"frame {frame.Sequence}: share-button pixel {frame.Pixel(Dialog.ShareButton.X - 26, Dialog.ShareButton.Y - 10):x6}, switch pixel {frame.Pixel(Dialog.SwitchTrackLeft.X, Dialog.SwitchTrackLeft.Y):x6}";
}
