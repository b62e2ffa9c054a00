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
public sealed partial class KdeCapturePlugin : ICapturePlugin
{
    /// <summary>The plugin's name in the config.</summary>
    public const string Name = "kde";

    /// <summary>The most windows the picker lists (each is a button, and the list goes to every viewer).</summary>
    private const int MaxWindowsListed = 32;

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
        var result = await ProbeOutputAsync(context, cancellationToken).ConfigureAwait(false);
        return result.IsAvailable
            ? ProbeResult.Available($"{result.Reason}; {await ProbeWindowsAsync(context, cancellationToken).ConfigureAwait(false)}")
            : result;
    }

    private async ValueTask<ProbeResult> ProbeOutputAsync(PluginContext context, CancellationToken cancellationToken)
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
        var limited = request with { MaxFrameRate = maxFps };
        async Task<Selection> OpenAsync(string name, CancellationToken ct)
        {
            if (name.StartsWith(SelectableSource.WindowPrefix, StringComparison.Ordinal))
            {
                return await OpenWindowAsync(name, globals.SocketPath, limited, context, logger, ct).ConfigureAwait(false);
            }

            var outputs = (await KwinGlobals.ReadAsync(globals.SocketPath, ProbeTimeout, ct).ConfigureAwait(false)).Outputs;
            var area = outputs.FirstOrDefault(o => o.Name == name)
                ?? throw new InvalidOperationException($"KWin has no output named {name} (it has {string.Join(", ", outputs.Select(o => o.Name))})");
            return new Selection(name, await OpenOutputAsync(name, globals, options, limited, context, logger, ct).ConfigureAwait(false), () => area, null);
        }

        async Task<IReadOnlyList<DesktopOutput>> ListAsync(CancellationToken ct)
        {
            var outputs = (await KwinGlobals.ReadAsync(globals.SocketPath, ProbeTimeout, ct).ConfigureAwait(false)).Outputs
                .Where(o => o.Name is not null)
                .Select(o => new DesktopOutput(o.Name!, o.X, o.Y, o.Width, o.Height, 1))
                .ToList();
            try
            {
                var windows = await PlasmaWindow.ListAsync(globals.SocketPath, MaxWindowsListed, ProbeTimeout, ct).ConfigureAwait(false);
                outputs.AddRange(windows.Where(w => w.IsListed).Select(w => new DesktopOutput(SelectableSource.WindowPrefix + w.Uuid, w.X, w.Y, w.Width, w.Height, 1) { WindowTitle = w.Label }));
            }
            catch (WaylandProtocolException exception)
            {
                // no window-management grant (or KWin too old): the outputs alone, as --list-plugins says
                Log.NoWindows(logger, exception.Message);
            }

            return outputs;
        }

        var first = options.Window is { } wanted
            ? await OpenAsync(SelectableSource.WindowPrefix + await FindWindowAsync(globals.SocketPath, wanted, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false)
            : await OpenAsync(output, cancellationToken).ConfigureAwait(false);
        return new SelectableSource(first, output, OpenAsync, ListAsync, logger);
    }

    /// <summary>The capture of one output: the screencast (with the screenshot fallback under "auto") or screenshots, as configured.</summary>
    private async Task<ICaptureSource> OpenOutputAsync(string output, KwinGlobals globals, KdeCaptureOptions options, CaptureRequest request, PluginContext context, ILogger logger, CancellationToken cancellationToken)
    {
        async Task<ICaptureSource> ScreenShotsAsync(CancellationToken ct)
        {
            try
            {
                return await ScreenShotSource.CreateAsync(_environment, output, request.MaxFrameRate, context.Time, logger, ct).ConfigureAwait(false);
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
            castSource = PipeWireCapture.Create(_environment.PipeWireSocketPath, cast, description, request, context.Time, logger).Source;
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

    /// <summary>
    /// The capture of one window (stream_window, cursor embedded): the pointer maps onto the window's frame, which follows
    /// its moves; the cast ends when the window closes.
    /// </summary>
    private async Task<Selection> OpenWindowAsync(string name, string socketPath, CaptureRequest request, PluginContext context, ILogger logger, CancellationToken cancellationToken)
    {
        if (PipeWireCapture.Unavailable is { } why)
        {
            throw new InvalidOperationException("a window cast needs PipeWire: " + why);
        }

        var uuid = name[SelectableSource.WindowPrefix.Length..];
        var cast = await KwinScreenCast.StartWindowAsync(socketPath, uuid, ProbeTimeout, cancellationToken).ConfigureAwait(false);
        try
        {
            var window = cast.Window!;
            var label = window.Now.Label;
            var description = string.Create(CultureInfo.InvariantCulture, $"KWin window \"{label}\" by screencast (node {cast.NodeId})");
            var source = PipeWireCapture.Create(_environment.PipeWireSocketPath, cast, description, request, context.Time, logger).Source;
            OutputArea Area()
            {
                var now = window.Now;
                return new OutputArea(label, now.X, now.Y, Math.Max(1, now.Width), Math.Max(1, now.Height));
            }

            return new Selection(name, source, Area, label);
        }
        catch
        {
            await cast.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The uuid of the first window whose uuid, application or title is <paramref name="wanted"/> (<c>[capture.kde] window</c>).</summary>
    private static async Task<string> FindWindowAsync(string socketPath, string wanted, CancellationToken cancellationToken)
    {
        var windows = await PlasmaWindow.ListAsync(socketPath, MaxWindowsListed, ProbeTimeout, cancellationToken).ConfigureAwait(false);
        var window = windows.FirstOrDefault(w => w.Uuid == wanted) ?? windows.FirstOrDefault(w => w.AppId == wanted) ?? windows.FirstOrDefault(w => w.Title == wanted);
        return window?.Uuid ?? throw new InvalidOperationException(
            $"KWin has no window with the uuid, application or title \"{wanted}\" (it has {(windows.Count == 0 ? "none" : string.Join(", ", windows.Select(w => $"\"{w.Label}\" ({w.AppId})")))})");
    }

    /// <summary>What --list-plugins says about windows: how many KWin lists, or why none can be cast.</summary>
    private async Task<string> ProbeWindowsAsync(PluginContext context, CancellationToken cancellationToken)
    {
        try
        {
            var (path, _) = _environment.SocketPath(context.Hardware.Session.WaylandDisplay);
            var globals = await KwinGlobals.ReadAsync(path!, ProbeTimeout, cancellationToken).ConfigureAwait(false);
            var reason = globals.WhyNot(KwinGrant.ScreenCast, globals.ScreenCast)
                ?? globals.WhyNot(KwinGrant.WindowManagement, globals.WindowManagement)
                ?? (PipeWireCapture.Unavailable is { } pipeWire ? "PipeWire: " + pipeWire : null);
            if (reason is not null)
            {
                return "no window capture: " + reason;
            }

            var windows = await PlasmaWindow.ListAsync(path!, MaxWindowsListed, ProbeTimeout, cancellationToken).ConfigureAwait(false);
            return string.Create(CultureInfo.InvariantCulture, $"windows selectable too ({windows.Count(w => w.IsListed)} now, by {KwinGrant.WindowManagement} v{globals.WindowManagement!.Version} and stream_window)");
        }
        catch (WaylandProtocolException exception)
        {
            return "no window capture: " + exception.Message;
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

    private static partial class Log
    {
        [LoggerMessage(EventIds.NoWindows, LogLevel.Debug, "KWin capture: the picker lists no windows: {Reason}")]
        public static partial void NoWindows(ILogger logger, string reason);
    }
}
