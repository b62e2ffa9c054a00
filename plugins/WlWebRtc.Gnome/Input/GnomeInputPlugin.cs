using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using WlWebRtc.Configuration;
using WlWebRtc.Gnome.Capture;
using WlWebRtc.Gnome.Keymap;
using WlWebRtc.Gnome.Mutter;
using WlWebRtc.Input;
using WlWebRtc.Plugins;

namespace WlWebRtc.Gnome.Input;

/// <summary>
/// Input for GNOME through Mutter's own org.gnome.Mutter.RemoteDesktop API (no portal, no dialog): pointer, buttons,
/// wheel and keys on the RemoteDesktop session that the GNOME capture plugin linked to its screen cast.
/// </summary>
public sealed partial class GnomeInputPlugin : IInputPlugin
{
    /// <summary>The plugin's name in the config.</summary>
    public const string Name = GnomeCapturePlugin.Name;

    // generous: under heavy load (load average ~47 on 2 cores) the first end-to-end server start once exited with
    // "plugin unavailable" with a 2 s limit, most likely this probe waiting on a busy mutter
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    private readonly GnomeEnvironment _environment;

    public GnomeInputPlugin()
        : this(GnomeEnvironment.Process)
    {
    }

    internal GnomeInputPlugin(GnomeEnvironment environment)
    {
        _environment = environment;
    }

    public PluginMetadata Metadata { get; } = new(Name, PluginKind.Input, new Version(0, 1), 110, "GNOME input through Mutter's RemoteDesktop D-Bus API, on the gnome capture's session (no portal, no dialog)")
    {
        ProbeIsolation = ProbeIsolation.InProcess,
    };

    public IReadOnlyList<ConfigurationError> ValidateSettings(IConfiguration settings) => GnomeInputOptions.Parse(settings).Errors;

    public async ValueTask<ProbeResult> ProbeAsync(PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (available, reason) = await MutterProbe.ProbeAsync(_environment, MutterNames.RemoteDesktop, MutterNames.RemoteDesktopPath, ProbeTimeout, cancellationToken).ConfigureAwait(false);
        return available
            ? ProbeResult.Available(reason + "; needs capture plugin \"gnome\" (input shares its session)")
            : ProbeResult.Unavailable(reason);
    }

    public async ValueTask<IInputInjector> CreateInjectorAsync(InputTarget target, PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(context);
        var session = target.Source.GetFeature<MutterSession>()
            ?? throw new InvalidOperationException(
                $"Input plugin \"gnome\" needs capture plugin \"gnome\": it injects through the capture's Mutter RemoteDesktop session, and the capture is {target.Source.Description}.");
        if (session.Closed.IsCompleted)
        {
            throw new MutterException("The Mutter session ended: " + await MutterSession.DescribeEndAsync(session.Closed).ConfigureAwait(false));
        }

        var logger = context.LoggerFactory.CreateLogger("WlWebRtc.Gnome.Input");
        var options = GnomeInputOptions.Parse(context.Settings);
        if (options.Errors.Count > 0)
        {
            throw new InvalidOperationException("[input.gnome]: " + string.Join("; ", options.Errors.Select(e => $"{e.Key}: {e.Message}")));
        }

        // under GNOME Shell the keymap follows the input-source settings; mutter alone reads none (its keymap is fixed)
        var inputSources = options.Options.SetsInputSources && await session.NameHasOwnerAsync(MutterSession.ShellName, cancellationToken).ConfigureAwait(false)
            ? new GnomeInputSources(GSettingsTool.For(_environment))
            : null;
        return await MutterInputInjector.CreateAsync(session, target.Width, target.Height, context.Time, logger, cancellationToken, inputSources).ConfigureAwait(false);
    }
}
