using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using WlWebRtc.Capture;
using WlWebRtc.Configuration;
using WlWebRtc.Gnome.Mutter;
using WlWebRtc.PipeWire.Capture;
using WlWebRtc.Plugins;

namespace WlWebRtc.Gnome.Capture;

/// <summary>
/// Captures GNOME through Mutter's own org.gnome.Mutter.ScreenCast API and PipeWire: no portal and no dialog.
/// The session is linked to a Mutter RemoteDesktop session that the GNOME input plugin uses.
/// </summary>
public sealed class GnomeCapturePlugin : ICapturePlugin
{
    /// <summary>The plugin's name in the config.</summary>
    public const string Name = "gnome";

    // generous: under heavy load (load average ~47 on 2 cores) the first end-to-end server start once exited with
    // "plugin unavailable" with a 2 s limit, most likely this probe waiting on a busy mutter
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    private readonly GnomeEnvironment _environment;

    public GnomeCapturePlugin()
        : this(GnomeEnvironment.Process)
    {
    }

    internal GnomeCapturePlugin(GnomeEnvironment environment)
    {
        _environment = environment;
    }

    public PluginMetadata Metadata { get; } = new(Name, PluginKind.Capture, new Version(0, 1), 110, "GNOME screen capture through Mutter's ScreenCast D-Bus API and PipeWire (no portal, no dialog)")
    {
        Requires = HardwareRequirements.PipeWire,
        ProbeIsolation = ProbeIsolation.InProcess,
    };

    public IReadOnlyList<ConfigurationError> ValidateSettings(IConfiguration settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return GnomeCaptureOptions.Parse(settings).Errors;
    }

    public async ValueTask<ProbeResult> ProbeAsync(PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var missing = new List<string>();
        var errors = GnomeCaptureOptions.Parse(context.Settings, CaptureCursorSetting.Of(context)).Errors;
        if (errors.Count > 0)
        {
            missing.Add("invalid config: " + string.Join("; ", errors.Select(e => $"{e.Key}: {e.Message}")));
        }

        if (PipeWireCapture.Unavailable is { } library)
        {
            missing.Add(library);
        }

        if (!File.Exists(_environment.PipeWireSocketPath))
        {
            missing.Add("no PipeWire socket at " + _environment.PipeWireSocketPath + " (Mutter publishes its streams there)");
        }

        var (available, reason) = await MutterProbe.ProbeAsync(_environment, MutterNames.ScreenCast, MutterNames.ScreenCastPath, ProbeTimeout, cancellationToken).ConfigureAwait(false);
        if (!available)
        {
            missing.Add(reason);
        }

        return missing.Count > 0
            ? ProbeResult.Unavailable(string.Join("; ", missing))
            : ProbeResult.Available(reason + ", PipeWire at " + _environment.PipeWireSocketPath);
    }

    public async ValueTask<ICaptureSource> CreateSourceAsync(CaptureRequest request, PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var (options, errors) = GnomeCaptureOptions.Parse(context.Settings, CaptureCursorSetting.Of(context));
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid [capture.gnome] settings: " + string.Join("; ", errors.Select(e => $"{e.Key}: {e.Message}")));
        }

        var logger = context.LoggerFactory.CreateLogger("WlWebRtc.Gnome.Capture");
        CaptureCursorSetting.WarnIfDeprecated(context, Name, logger);
        var session = await MutterSession.StartAsync(_environment, options.Mode, options.Connector, options.CursorMode, logger, cancellationToken).ConfigureAwait(false);
        try
        {
            var maxFps = options.MaxFps is { } limit ? Math.Min(limit, Math.Max(1, request.MaxFrameRate)) : request.MaxFrameRate;
            var what = session.Connector ?? "virtual monitor";
            var virtualSize = session.Recording == MutterRecording.Virtual ? options.VirtualSize : null;
            var description = (virtualSize ?? session.StreamSize) is { } size
                ? string.Create(CultureInfo.InvariantCulture, $"mutter {what} {size.Width}x{size.Height} (node {session.NodeId})")
                : string.Create(CultureInfo.InvariantCulture, $"mutter {what} (node {session.NodeId})");
            var capture = PipeWireCapture.Create(_environment.PipeWireSocketPath, session.NodeId, description, request with { MaxFrameRate = maxFps }, options.CursorMode == MutterCursorMode.Metadata, context.Time, logger);
            if (virtualSize is { } start)
            {
                // a virtual monitor takes the size its consumer negotiates: asked before the stream connects, the
                // first negotiation gives it this size
                capture.RequestSize(start.Width, start.Height);
            }

            return new GnomeCaptureSource(capture, session, context.Time, logger);
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
