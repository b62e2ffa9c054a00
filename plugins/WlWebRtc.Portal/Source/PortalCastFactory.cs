using System.Globalization;
using Microsoft.Extensions.Logging;
using WlWebRtc.Capture;
using WlWebRtc.DBus.Portals;
using WlWebRtc.PipeWire;
using WlWebRtc.PipeWire.Capture;
using WlWebRtc.Plugins;
using WlWebRtc.Portal.Configuration;
using WlWebRtc.Portal.Session;
using WlWebRtc.Sway;

namespace WlWebRtc.Portal.Source;

/// <summary>
/// Opens portal casts for one capture source: a portal session, then a PipeWire capture of its stream. On sway, a
/// named output is focused first (a session wlwebrtc configures lets the portal's chooser cast the focused output),
/// its restore token is left aside (it would restore the previous output), and the cast is checked to show it.
/// </summary>
internal sealed class PortalCastFactory(
    PortalCaptureOptions options, CaptureRequest request, PluginContext context, PortalEnvironment environment, SwayOutputs? outputs, ILogger logger)
{
    public async Task<PortalCast> OpenAsync(string? outputName, CancellationToken cancellationToken)
    {
        if (outputName is not null && outputs is not null)
        {
            await outputs.FocusAsync(outputName, cancellationToken).ConfigureAwait(false);
        }

        var castOptions = outputName is null ? options : options with { PersistRestoreToken = false };
        var (session, fd) = await PortalCaptureSession.OpenAsync(castOptions, request.InputRequested, environment, logger, cancellationToken).ConfigureAwait(false);
        try
        {
            var stream = session.Streams[0];
            var capturedAt = stream.X is { } x && stream.Y is { } y ? (x, y) : ((int X, int Y)?)null;
            var size = stream.Width is { } w && stream.Height is { } h ? (w, h) : ((int Width, int Height)?)null;
            var name = outputName;
            if (outputs is not null)
            {
                var known = await outputs.GetAsync(cancellationToken).ConfigureAwait(false);
                if (outputName is not null && size is { } cast && known.FirstOrDefault(o => o.Name == outputName) is { } wanted && !SwayOutputs.Shows(wanted, cast))
                {
                    throw new PortalCaptureException(string.Create(CultureInfo.InvariantCulture,
                        $"The portal cast a {cast.Width}x{cast.Height} output, not {outputName} ({wanted.ModeWidth}x{wanted.ModeHeight}): its chooser must cast sway's focused output (xdg-desktop-portal-wlr chooser_type=simple with a chooser_cmd that prints it, as wlwebrtc's headless session configures)."));
                }

                name ??= SwayOutputs.NameOf(known, size, capturedAt);
            }

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
            fd = -1;
            var resizer = outputs is null ? null : new SwayOutputResizer(outputs.SocketPath, capturedAt, name);
            return new PortalCast(capture, session, name, resizer);
        }
        catch
        {
            if (fd >= 0)
            {
                _ = Interop.Libc.Close(fd);
            }

            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
