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
/// Captures a KWin output with no portal and no dialog, through KWin's org.kde.KWin.ScreenShot2 D-Bus interface polled
/// at the frame rate. Why not zkde_screencast_unstable_v1's output cast (a PipeWire stream with damage, cheaper): on
/// KWin 5.27's virtual backend it creates a stream that never delivers a frame, so it cannot be proven here; the probe
/// says which path it uses. ScreenShot2 is restricted like the Wayland protocols: the .desktop grant opens it.
/// </summary>
public sealed class KdeCapturePlugin : ICapturePlugin
{
    /// <summary>The plugin's name in the config.</summary>
    public const string Name = "kde";

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    private readonly KwinEnvironment _environment;

    public KdeCapturePlugin()
        : this(KwinEnvironment.Process)
    {
    }

    internal KdeCapturePlugin(KwinEnvironment environment)
    {
        _environment = environment;
    }

    public PluginMetadata Metadata { get; } = new(Name, PluginKind.Capture, new Version(0, 1), 110, "KDE screen capture through KWin's ScreenShot2 D-Bus interface (no portal, no dialog; needs the .desktop grant)")
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
            await using var source = await ScreenShotSource.CreateAsync(_environment, output, 1, context.Time, context.LoggerFactory.CreateLogger("WlWebRtc.Kde.Capture"), cancellationToken).ConfigureAwait(false);
            var screencast = globals.ScreenCast is { } cast
                ? $"{cast.Interface} v{cast.Version} is granted but not used: its output cast delivers no frame on KWin 5.27's virtual backend"
                : $"{KwinGrant.ScreenCast} is not offered";
            return ProbeResult.Available($"KWin at {globals.SocketPath}: {source.Description} ({KwinGrant.ScreenShotInterface} granted); {screencast}");
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

        var (_, output) = await FindOutputAsync(context, options, cancellationToken).ConfigureAwait(false);
        var maxFps = options.MaxFps is { } limit ? Math.Min(limit, Math.Max(1, request.MaxFrameRate)) : request.MaxFrameRate;
        try
        {
            return await ScreenShotSource.CreateAsync(_environment, output, maxFps, context.Time, context.LoggerFactory.CreateLogger("WlWebRtc.Kde.Capture"), cancellationToken).ConfigureAwait(false);
        }
        catch (DBusErrorException exception)
        {
            throw new InvalidOperationException(Explain(exception), exception);
        }
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
