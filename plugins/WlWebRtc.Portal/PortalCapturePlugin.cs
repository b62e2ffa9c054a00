using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using WlWebRtc.Capture;
using WlWebRtc.Configuration;
using WlWebRtc.DBus.Portals;
using WlWebRtc.Hardware;
using WlWebRtc.Plugins;
using WlWebRtc.Portal.Configuration;
using WlWebRtc.PipeWire;
using WlWebRtc.Portal.Probing;
using WlWebRtc.Portal.Session;
using WlWebRtc.PipeWire.Capture;
using WlWebRtc.Portal.Source;
using WlWebRtc.Sway;

namespace WlWebRtc.Portal;

/// <summary>Captures a monitor or window of the Wayland session through the xdg-desktop-portal ScreenCast interface and PipeWire.</summary>
public sealed class PortalCapturePlugin : ICapturePlugin
{
    private readonly PortalEnvironment _environment;

    public PortalCapturePlugin()
        : this(PortalEnvironment.Process)
    {
    }

    internal PortalCapturePlugin(PortalEnvironment environment)
    {
        _environment = environment;
    }

    public PluginMetadata Metadata { get; } = new("portal", PluginKind.Capture, new Version(0, 1), 100, "Wayland screen capture through xdg-desktop-portal ScreenCast and PipeWire")
    {
        Requires = HardwareRequirements.WaylandSession | HardwareRequirements.PipeWire,
        ProbeIsolation = ProbeIsolation.InProcess,
    };

    /// <summary>Asks the session bus for the portals (the host knows nothing about them), then checks the rest.</summary>
    public async ValueTask<ProbeResult> ProbeAsync(PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var portals = await SessionBusPortals.ProbeAsync(_environment.BusAddress, SessionBusPortals.Timeout, cancellationToken).ConfigureAwait(false);
        return Evaluate(PortalCaptureOptions.Parse(context.Settings, CaptureCursorSetting.Of(context)), context.Hardware.Session, portals, Interop.PipeWire.Unavailable);
    }

    /// <summary>The probe's verdict from the config, the session, what the bus said about the portals and whether libpipewire loads.</summary>
    internal static ProbeResult Evaluate(
        (PortalCaptureOptions Options, IReadOnlyList<ConfigurationError> Errors) settings, SessionInfo session, PortalProbeResult portals, string? pipeWireUnavailable)
    {
        var (options, errors) = settings;
        var screenCast = portals.ScreenCast;
        var missing = new List<string>();
        if (errors.Count > 0)
        {
            missing.Add("invalid config: " + string.Join("; ", errors));
        }

        if (!session.Wayland.IsPresent)
        {
            missing.Add("no Wayland session (" + session.Wayland.Reason + ")");
        }

        if (!screenCast.Available)
        {
            missing.Add("no ScreenCast portal on the session bus (" + SessionBusPortals.Reason(screenCast) + ")");
        }
        else if (screenCast.SourceTypes is { } offered && ((uint)options.SourceTypes & offered) == 0)
        {
            missing.Add($"the ScreenCast portal offers source types {offered}, none of the configured {options.SourceTypes}");
        }

        if (!session.PipeWire.IsPresent)
        {
            missing.Add("no PipeWire (" + session.PipeWire.Reason + ")");
        }

        if (pipeWireUnavailable is { } library)
        {
            missing.Add(library);
        }

        return missing.Count > 0
            ? ProbeResult.Unavailable(string.Join("; ", missing))
            : ProbeResult.Available(string.Create(CultureInfo.InvariantCulture,
                $"ScreenCast portal v{screenCast.Version} on {session.WaylandDisplay ?? "wayland"}, source types {screenCast.SourceTypes?.ToString(CultureInfo.InvariantCulture) ?? "?"}, PipeWire; {RemoteDesktopNote(options, portals.RemoteDesktop)}"));
    }

    /// <summary>Whether a selected input plugin will share the capture's session (decided again, on the bus, at start).</summary>
    internal static string RemoteDesktopNote(PortalCaptureOptions options, PortalInterfaceInfo remoteDesktop) =>
        options.RemoteDesktop == RemoteDesktopMode.Never
            ? "remote_desktop = \"never\": input, if selected, starts its own portal session"
            : remoteDesktop.Available
                ? string.Create(CultureInfo.InvariantCulture, $"RemoteDesktop portal v{remoteDesktop.Version}: a selected input plugin shares the capture's session")
                : "no RemoteDesktop portal (" + SessionBusPortals.Reason(remoteDesktop) + "): capture through ScreenCast only";

    public IReadOnlyList<ConfigurationError> ValidateSettings(IConfiguration settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return PortalCaptureOptions.Parse(settings).Errors;
    }

    public async ValueTask<ICaptureSource> CreateSourceAsync(CaptureRequest request, PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var (options, errors) = PortalCaptureOptions.Parse(context.Settings, CaptureCursorSetting.Of(context));
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid [capture.portal] settings: " + string.Join("; ", errors.Select(e => $"{e.Key}: {e.Message}")));
        }

        var logger = context.LoggerFactory.CreateLogger("WlWebRtc.Capture.Portal");
        CaptureCursorSetting.WarnIfDeprecated(context, "portal", logger);
        var outputs = SwayOutputs.ForSession(Environment.GetEnvironmentVariable("SWAYSOCK"));
        var opener = new PortalCastFactory(options, request, context, _environment, outputs, logger);
        var all = request.OutputName == IOutputSelection.AllOutputs;
        var first = await opener.OpenAsync(all ? null : request.OutputName, cancellationToken).ConfigureAwait(false);
        var source = new PortalCaptureSource(first, logger, outputs, opener.OpenAsync);
        if (all)
        {
            try
            {
                await source.ShowAllOutputsAtStartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await source.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return source;
    }
}
