using Microsoft.Extensions.Logging;
using WlWebRtc.Clipboard;
using WlWebRtc.Input;
using WlWebRtc.Kde.Kwin;
using WlWebRtc.Plugins;
using WlWebRtc.Wayland;
using WlWebRtc.Wayland.DataControl;

namespace WlWebRtc.Kde.Input;

/// <summary>
/// Input for KDE Plasma through KWin's own org_kde_kwin_fake_input protocol (no portal, no dialog): absolute and
/// relative pointer, buttons, wheel and keys by evdev code. KWin offers the protocol only to an executable its
/// .desktop grant names (packaging/kde/wlwebrtc.desktop); the probe says when the grant is missing. The clipboard goes
/// through data control (KWin 5.27 offers zwlr_data_control_manager_v1 to every client), with the wlroots plugin's code.
/// </summary>
public sealed class KdeInputPlugin : IInputPlugin, IClipboardPlugin
{
    /// <summary>The plugin's name in the config.</summary>
    public const string Name = "kde";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ClipboardTimeout = TimeSpan.FromSeconds(5);

    private readonly KwinEnvironment _environment;

    public KdeInputPlugin()
        : this(KwinEnvironment.Process)
    {
    }

    internal KdeInputPlugin(KwinEnvironment environment)
    {
        _environment = environment;
    }

    public PluginMetadata Metadata { get; } = new(Name, PluginKind.Input, new Version(0, 1), 110, "KDE input through KWin's org_kde_kwin_fake_input Wayland protocol (no portal, no dialog; needs the .desktop grant)")
    {
        Requires = HardwareRequirements.WaylandSession,
        ProbeIsolation = ProbeIsolation.InProcess,
    };

    public async ValueTask<ProbeResult> ProbeAsync(PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (path, error) = _environment.SocketPath(context.Hardware.Session.WaylandDisplay);
        if (path is null)
        {
            return ProbeResult.Unavailable(error!);
        }

        try
        {
            var globals = await KwinGlobals.ReadAsync(path, Timeout, cancellationToken).ConfigureAwait(false);
            if (globals.WhyNot(KwinGrant.FakeInput, globals.FakeInput) is { } reason)
            {
                return ProbeResult.Unavailable(reason);
            }

            var keys = globals.FakeInput!.Version >= KwinFakeInputInjector.KeyboardVersion ? "pointer and keyboard" : "pointer only (keyboard needs v4)";
            var clipboard = globals.DataControl is { } manager ? $"; clipboard: {manager.Interface} v{manager.Version}" : "; no clipboard (no data control)";
            return ProbeResult.Available($"KWin at {path}: {KwinGrant.FakeInput} v{globals.FakeInput.Version} granted, {keys}{clipboard}");
        }
        catch (WaylandProtocolException exception)
        {
            return ProbeResult.Unavailable(exception.Message);
        }
    }

    public async ValueTask<IInputInjector> CreateInjectorAsync(InputTarget target, PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(context);
        var (path, error) = _environment.SocketPath(context.Hardware.Session.WaylandDisplay);
        if (path is null)
        {
            throw new InvalidOperationException(error);
        }

        var logger = context.LoggerFactory.CreateLogger("WlWebRtc.Kde.Input");
        var injector = await KwinFakeInputInjector.CreateAsync(path, target.Width, target.Height, target.OutputName, Timeout, logger, cancellationToken).ConfigureAwait(false);

        // the kde capture says where its picture is now (an output the viewer picked, or a window, which moves)
        injector.Following = target.Source.GetFeature<ICapturedArea>();
        return injector;
    }

    public async ValueTask<ISessionClipboard> OpenClipboardAsync(InputTarget target, PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(context);
        var (path, error) = _environment.SocketPath(context.Hardware.Session.WaylandDisplay);
        if (path is null)
        {
            throw new InvalidOperationException(error);
        }

        var logger = context.LoggerFactory.CreateLogger("WlWebRtc.Kde.Clipboard");
        return await WlrDataControlClipboard.CreateAsync(path, ClipboardTimeout, logger, cancellationToken).ConfigureAwait(false);
    }
}
