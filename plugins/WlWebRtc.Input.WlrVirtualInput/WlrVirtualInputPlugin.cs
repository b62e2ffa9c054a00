using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using WlWebRtc.Clipboard;
using WlWebRtc.Configuration;
using WlWebRtc.Wayland.DataControl;
using WlWebRtc.Input.WlrVirtualInput.Injection;
using WlWebRtc.Wayland;
using WlWebRtc.Plugins;

namespace WlWebRtc.Input.WlrVirtualInput;

/// <summary>
/// Input for wlroots compositors (sway, Hyprland, river…): a virtual pointer (zwlr_virtual_pointer_manager_v1) and a
/// virtual keyboard (zwp_virtual_keyboard_manager_v1) on the compositor's Wayland socket, spoken to directly; the
/// clipboard through data control (ext_data_control_manager_v1 or zwlr_data_control_manager_v1) where offered.
/// </summary>
public sealed class WlrVirtualInputPlugin : IInputPlugin, IClipboardPlugin
{
    /// <summary>The plugin's name in the config.</summary>
    public const string Name = "wlr-virtual-input";

    private static readonly TimeSpan ProbeRoundtrip = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ClipboardRoundtrip = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public PluginMetadata Metadata { get; } = new(Name, PluginKind.Input, typeof(WlrVirtualInputPlugin).Assembly.GetName().Version!, 50,
        "Virtual pointer and keyboard through the wlroots Wayland protocols (sway, Hyprland, river)")
    {
        Requires = HardwareRequirements.WaylandSession,
        ProbeIsolation = ProbeIsolation.InProcess,
    };

    /// <inheritdoc />
    public IReadOnlyList<ConfigurationError> ValidateSettings(IConfiguration settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return WlrVirtualInputOptions.Read(settings).Errors;
    }

    /// <inheritdoc />
    public async ValueTask<ProbeResult> ProbeAsync(PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (options, errors) = WlrVirtualInputOptions.Read(context.Settings);
        if (options is null)
        {
            return ProbeResult.Unavailable("invalid settings: " + string.Join("; ", errors));
        }

        var (path, error) = options.SocketPath(context.Hardware.Session.WaylandDisplay);
        if (path is null)
        {
            return ProbeResult.Unavailable(error!);
        }

        try
        {
            using var connection = WaylandConnection.Connect(path, ProbeRoundtrip);
            var registry = await WaylandRegistry.CreateAsync(connection, ProbeRoundtrip, cancellationToken).ConfigureAwait(false);
            var missing = WlrInputInjector.MissingGlobals(registry);
            if (missing.Count > 0)
            {
                return ProbeResult.Unavailable($"the compositor at {path} does not offer {string.Join(", ", missing)}");
            }

            var pointer = registry.Find(WlrInputInjector.PointerManagerInterface)!;
            var keyboard = registry.Find(WlrInputInjector.KeyboardManagerInterface)!;
            var clipboard = WlrDataControlClipboard.FindManager(registry) is { } manager ? $"; clipboard: {manager.Interface} v{manager.Version}" : "; no clipboard (no data control)";
            return ProbeResult.Available($"{pointer.Interface} v{pointer.Version} and {keyboard.Interface} v{keyboard.Version} on {path}{clipboard}");
        }
        catch (WaylandProtocolException exception)
        {
            return ProbeResult.Unavailable(exception.Message);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IInputInjector> CreateInjectorAsync(InputTarget target, PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(context);
        var (options, errors) = WlrVirtualInputOptions.Read(context.Settings);
        if (options is null)
        {
            throw new InvalidOperationException("Invalid [input.wlr-virtual-input] settings: " + string.Join("; ", errors));
        }

        var (path, error) = options.SocketPath(context.Hardware.Session.WaylandDisplay);
        if (path is null)
        {
            throw new InvalidOperationException(error);
        }

        var logger = context.LoggerFactory.CreateLogger("WlWebRtc.Input.WlrVirtualInput");
        var selection = target.Source.GetFeature<Capture.IOutputSelection>();
        return await WlrInputInjector.CreateAsync(
            new WlrInjectorOptions(path, target.Width, target.Height, target.OutputName)
            {
                KeymapSettle = options.KeymapSettle,
                WatchedOutput = selection is null ? null : () => selection.SelectedOutput,
            },
            logger,
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<ISessionClipboard> OpenClipboardAsync(InputTarget target, PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(context);
        var (options, errors) = WlrVirtualInputOptions.Read(context.Settings);
        if (options is null)
        {
            throw new InvalidOperationException("Invalid [input.wlr-virtual-input] settings: " + string.Join("; ", errors));
        }

        var (path, error) = options.SocketPath(context.Hardware.Session.WaylandDisplay);
        if (path is null)
        {
            throw new InvalidOperationException(error);
        }

        var logger = context.LoggerFactory.CreateLogger("WlWebRtc.Input.WlrVirtualInput.Clipboard");
        return await WlrDataControlClipboard.CreateAsync(path, ClipboardRoundtrip, logger, cancellationToken).ConfigureAwait(false);
    }
}
