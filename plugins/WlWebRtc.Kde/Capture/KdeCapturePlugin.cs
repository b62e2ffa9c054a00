using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using WlWebRtc.Capture;
using WlWebRtc.Configuration;
using WlWebRtc.DBus;
using WlWebRtc.Kde.Kwin;
using WlWebRtc.Plugins;
using WlWebRtc.Wayland;

namespace WlWebRtc.Kde.Capture;

/// <summary>
/// Captures a KWin output with no portal and no dialog. <c>method = "auto"</c>: KWin's zkde_screencast_unstable_v1
/// output cast (a PipeWire stream, the cheap path), falling back to polling org.kde.KWin.ScreenShot2 when the cast
/// delivers no frame within <see cref="FirstFrameTimeout"/>: KWin 5.27's virtual backend accepts the cast but never
/// feeds it (KWin with a real output does; that cannot be shown on a headless test machine). Both are restricted:
/// the .desktop grant (packaging/kde) opens them. The probe says which path is used and why.
/// </summary>
public sealed class KdeCapturePlugin : ICapturePlugin
{
    /// <summary>The plugin's name in the config.</summary>
    public const string Name = "kde";

    /// <summary>How long "auto" waits for the screencast's first frame before it falls back to screenshots.</summary>
    internal static readonly TimeSpan FirstFrameTimeout = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Why [display] follow_viewer does nothing here (docs/kde.md, "Resize to the viewer"): KWin 5.27 changes an output's
    /// size only to one of the modes its kde_output_device_v2 lists (no custom modes in v2, no D-Bus call), and its
    /// virtual backend lists one, the size it started with.
    /// </summary>
    private const string NoResize = "no resize to the viewer (KWin 5.27 offers only the output's own modes; the virtual backend has one)";

    private readonly KwinEnvironment _environment;

    public KdeCapturePlugin()
        : this(KwinEnvironment.Process)
    {
    }

    internal KdeCapturePlugin(KwinEnvironment environment)
    {
        _environment = environment;
    }

    public PluginMetadata Metadata { get; } = new(Name, PluginKind.Capture, new Version(0, 1), 110, "KDE screen capture through KWin's own screencast protocol or its ScreenShot2 D-Bus interface (no portal, no dialog; needs the .desktop grant)")
    {
        Requires = HardwareRequirements.WaylandSession,
        ProbeIsolation = ProbeIsolation.InProcess,
    };

    public IReadOnlyList<ConfigurationError> ValidateSettings(IConfiguration settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return KdeCaptureOptions.Parse(settings).Errors;
    }

    public async ValueTask<ProbeResult> ProbeAsync(PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (options, errors) = KdeCaptureOptions.Parse(context.Settings);
        if (errors.Count > 0)
        {
            return ProbeResult.Unavailable("invalid config: " + string.Join("; ", errors.Select(e => $"{e.Key}: {e.Message}")));
        }

        try
        {
            var (globals, output) = await FindOutputAsync(context, options, cancellationToken).ConfigureAwait(false);
            var cast = globals.ScreenCast is { } screencast ? $"{screencast.Interface} v{screencast.Version}" : null;
            var pipeWire = PipeWireCapture.Unavailable;
            if (options.Method == KdeCaptureMethod.ScreenCast)
            {
                return cast is null
                    ? ProbeResult.Unavailable(globals.WhyNot(KwinGrant.ScreenCast, null)!)
                    : pipeWire is not null
                        ? ProbeResult.Unavailable(pipeWire)
                        : ProbeResult.Available($"KWin at {globals.SocketPath}: output {output} by {cast} (PipeWire) only (method = \"screencast\"; KWin 5.27's virtual backend never delivers a frame for it); {NoResize}");
            }

            await using var source = await ScreenShotSource.CreateAsync(_environment, output, 1, context.Time, context.LoggerFactory.CreateLogger("WlWebRtc.Kde.Capture"), cancellationToken).ConfigureAwait(false);
            var screenshot = $"{source.Description} ({KwinGrant.ScreenShotInterface} granted)";
            if (options.Method == KdeCaptureMethod.ScreenShot || cast is null || pipeWire is not null)
            {
                var why = options.Method == KdeCaptureMethod.ScreenShot ? "method = \"screenshot\""
                    : cast is null ? globals.WhyNot(KwinGrant.ScreenCast, null)!
                    : pipeWire!;
                return ProbeResult.Available($"KWin at {globals.SocketPath}: {screenshot}; no screencast: {why}; {NoResize}");
            }

            return ProbeResult.Available(
                $"KWin at {globals.SocketPath}: output {output} by {cast} (PipeWire), falling back to {screenshot} when the cast delivers no frame within {FirstFrameTimeout.TotalSeconds:0} s (KWin 5.27's virtual backend never delivers one); {NoResize}");
        }
        catch (Exception exception) when (exception is WaylandProtocolException or InvalidOperationException or DBusConnectionException or TimeoutException or InvalidDataException or IOException)
        {
            return ProbeResult.Unavailable(exception.Message);
        }
        catch (DBusErrorException exception)
        {
            return ProbeResult.Unavailable(Explain(exception));
        }
    }

    public async ValueTask<ICaptureSource> CreateSourceAsync(CaptureRequest request, PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var (options, errors) = KdeCaptureOptions.Parse(context.Settings);
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid [capture.kde] settings: " + string.Join("; ", errors.Select(e => $"{e.Key}: {e.Message}")));
        }

        var (globals, output) = await FindOutputAsync(context, options, cancellationToken).ConfigureAwait(false);
        var maxFps = options.MaxFps is { } limit ? Math.Min(limit, Math.Max(1, request.MaxFrameRate)) : request.MaxFrameRate;
        var logger = context.LoggerFactory.CreateLogger("WlWebRtc.Kde.Capture");
        async Task<ICaptureSource> ScreenShotsAsync(CancellationToken ct)
        {
            try
            {
                return await ScreenShotSource.CreateAsync(_environment, output, maxFps, context.Time, logger, ct).ConfigureAwait(false);
            }
            catch (DBusErrorException exception)
            {
                throw new InvalidOperationException(Explain(exception), exception);
            }
        }

        var useCast = options.Method == KdeCaptureMethod.ScreenCast
            || (options.Method == KdeCaptureMethod.Auto && globals.ScreenCast is not null && PipeWireCapture.Unavailable is null);
        if (!useCast)
        {
            return await ScreenShotsAsync(cancellationToken).ConfigureAwait(false);
        }

        var cast = await KwinScreenCast.StartAsync(globals.SocketPath, output, ProbeTimeout, cancellationToken).ConfigureAwait(false);
        ICaptureSource castSource;
        try
        {
            var description = string.Create(CultureInfo.InvariantCulture, $"KWin output {output} by screencast (node {cast.NodeId})");
            castSource = PipeWireCapture.Create(_environment.PipeWireSocketPath, cast, description, request with { MaxFrameRate = maxFps }, context.Time, logger).Source;
        }
        catch
        {
            await cast.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return options.Method == KdeCaptureMethod.ScreenCast
            ? castSource
            : new FirstFrameFallbackSource(castSource, ScreenShotsAsync, FirstFrameTimeout, context.Time, logger);
    }

    /// <summary>KWin's answer, with what to do when it is the missing grant.</summary>
    private static string Explain(DBusErrorException exception) =>
        exception.ErrorName.Contains("NoAuthorized", StringComparison.Ordinal) || exception.ErrorName.Contains("AccessDenied", StringComparison.Ordinal)
            ? $"{KwinGrant.Missing(KwinGrant.ScreenShotInterface)} (KWin answered {exception.ErrorName}: {exception.ErrorMessage})"
            : $"KWin's {KwinGrant.ScreenShotInterface} answered {exception.ErrorName}: {exception.ErrorMessage}";

    private async Task<(KwinGlobals Globals, string Output)> FindOutputAsync(PluginContext context, KdeCaptureOptions options, CancellationToken cancellationToken)
    {
        var (path, error) = _environment.SocketPath(context.Hardware.Session.WaylandDisplay);
        if (path is null)
        {
            throw new InvalidOperationException(error);
        }

        var globals = await KwinGlobals.ReadAsync(path, ProbeTimeout, cancellationToken).ConfigureAwait(false);
        if (!globals.IsKwin)
        {
            throw new InvalidOperationException($"the compositor at {path} is not KWin (it offers none of KWin's own protocols)");
        }

        var names = globals.Outputs.Select(o => o.Name).OfType<string>().ToList();
        if (options.Output is { } wanted)
        {
            return names.Contains(wanted)
                ? (globals, wanted)
                : throw new InvalidOperationException($"KWin has no output named {wanted} (it has {(names.Count == 0 ? "none" : string.Join(", ", names))})");
        }

        return names.Count > 0 ? (globals, names[0]) : throw new InvalidOperationException("KWin lists no named output (wl_output v4 names them)");
    }
}
