using Microsoft.Extensions.Configuration;
using WlWebRtc.Capture.Portal.Configuration;
using System.Globalization;
using Microsoft.Extensions.Logging;
using WlWebRtc.Capture.Portal.PipeWire;
using WlWebRtc.Capture.Portal.Session;
using WlWebRtc.Capture.Portal.Source;
using WlWebRtc.Configuration;
using WlWebRtc.DBus.Portals;
using WlWebRtc.Hardware;
using WlWebRtc.Plugins;

namespace WlWebRtc.Capture.Portal;

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
        Requires = HardwareRequirements.WaylandSession | HardwareRequirements.ScreenCastPortal | HardwareRequirements.PipeWire,
        ProbeIsolation = ProbeIsolation.InProcess,
    };

    public ValueTask<ProbeResult> ProbeAsync(PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (options, errors) = PortalCaptureOptions.Parse(context.Settings);
        var session = context.Hardware.Session;
        var missing = new List<string>();
        if (errors.Count > 0)
        {
            missing.Add("invalid config: " + string.Join("; ", errors));
        }

        if (!session.Wayland.IsPresent)
        {
            missing.Add("no Wayland session (" + session.Wayland.Reason + ")");
        }

        if (!session.ScreenCastPortal.Status.IsPresent)
        {
            missing.Add("no ScreenCast portal on the session bus (" + session.ScreenCastPortal.Status.Reason + ")");
        }
        else if (session.ScreenCastPortal.AvailableSourceTypes is { } offered && ((uint)options.SourceTypes & offered) == 0)
        {
            missing.Add($"the ScreenCast portal offers source types {offered}, none of the configured {options.SourceTypes}");
        }

        if (!session.PipeWire.IsPresent)
        {
            missing.Add("no PipeWire (" + session.PipeWire.Reason + ")");
        }

        if (Interop.PipeWire.Unavailable is { } library)
        {
            missing.Add(library);
        }

        return ValueTask.FromResult(missing.Count > 0
            ? ProbeResult.Unavailable(string.Join("; ", missing))
            : ProbeResult.Available($"ScreenCast portal v{session.ScreenCastPortal.Version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} on {session.WaylandDisplay ?? "wayland"}, source types {session.ScreenCastPortal.AvailableSourceTypes?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}, PipeWire; {RemoteDesktopNote(options, session.RemoteDesktopPortal)}"));
    }

    /// <summary>Whether a selected input plugin will share the capture's session (decided again, on the bus, at start).</summary>
    internal static string RemoteDesktopNote(PortalCaptureOptions options, PortalInfo remoteDesktop) =>
        options.RemoteDesktop == RemoteDesktopMode.Never
            ? "remote_desktop = \"never\": input, if selected, starts its own portal session"
            : remoteDesktop.Status.IsPresent
                ? string.Create(CultureInfo.InvariantCulture, $"RemoteDesktop portal v{remoteDesktop.Version?.ToString(CultureInfo.InvariantCulture) ?? "?"}: a selected input plugin shares the capture's session")
                : "no RemoteDesktop portal (" + remoteDesktop.Status.Reason + "): capture through ScreenCast only";

    public IReadOnlyList<ConfigurationError> ValidateSettings(IConfiguration settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return PortalCaptureOptions.Parse(settings).Errors;
    }

    public async ValueTask<ICaptureSource> CreateSourceAsync(CaptureRequest request, PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var (options, errors) = PortalCaptureOptions.Parse(context.Settings);
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid [capture.portal] settings: " + string.Join("; ", errors.Select(e => $"{e.Key}: {e.Message}")));
        }

        var logger = context.LoggerFactory.CreateLogger("WlWebRtc.Capture.Portal");
        var (session, fd) = await PortalCaptureSession.OpenAsync(options, request.InputRequested, _environment, logger, cancellationToken).ConfigureAwait(false);
        var stream = session.Streams[0];
        var maxFps = options.MaxFps is { } limit ? Math.Min(limit, Math.Max(1, request.MaxFrameRate)) : request.MaxFrameRate;
        var description = stream.Width is { } width && stream.Height is { } height
            ? string.Create(CultureInfo.InvariantCulture, $"portal node {stream.NodeId} ({width}x{height})")
            : string.Create(CultureInfo.InvariantCulture, $"portal node {stream.NodeId}");
        var capture = new PipeWireCaptureSource(
            new PipeWireTarget(fd, stream.NodeId, description),
            request with { MaxFrameRate = maxFps },
            cursorMetadata: session.CursorMode == CursorModes.Metadata,
            context.Time,
            logger);
        return new PortalCaptureSource(capture, session, logger);
    }
}
