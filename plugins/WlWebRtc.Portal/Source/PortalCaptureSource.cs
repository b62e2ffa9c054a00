using Microsoft.Extensions.Logging;
using WlWebRtc.Capture;
using WlWebRtc.DBus;
using WlWebRtc.PipeWire.Capture;
using WlWebRtc.Portal.Session;

namespace WlWebRtc.Portal.Source;

/// <summary>
/// A PipeWire capture of a portal ScreenCast stream, bound to its portal session: the session ending (closed by
/// the compositor or the portal, or its D-Bus connection lost) ends the capture with that reason; disposing the
/// source closes the session. The session is offered to others as <see cref="IPortalScreenCastFeature"/>.
/// </summary>
internal sealed partial class PortalCaptureSource : ICaptureSource
{
    private readonly PipeWireCaptureSource _capture;
    private readonly PortalCaptureSession _session;
    private readonly ILogger _logger;
    private readonly IResizableOutput? _resizer;
    private int _disposed;

    /// <param name="resizer">How the compositor resizes the captured output (sway), if it can.</param>
    public PortalCaptureSource(PipeWireCaptureSource capture, PortalCaptureSession session, ILogger logger, IResizableOutput? resizer = null)
    {
        _resizer = resizer;
        _capture = capture;
        _session = session;
        _logger = logger;
        _ = session.Closed.ContinueWith(OnSessionEnded, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public string Description => _capture.Description;

    internal PipeWireCaptureSource Capture => _capture;

    internal PortalCaptureSession Session => _session;

    public ValueTask StartAsync(IVideoFrameSink sink, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_session.Closed.IsCompleted)
        {
            throw new PortalCaptureException("The ScreenCast portal session ended before the capture started: " + EndReason(_session.Closed));
        }

        return _capture.StartAsync(sink, cancellationToken);
    }

    public ValueTask StopAsync(CancellationToken cancellationToken) => _capture.StopAsync(cancellationToken);

    TFeature? ICaptureSource.GetFeature<TFeature>()
        where TFeature : class =>
        _session as TFeature ?? _session.RemoteDesktop as TFeature ?? _resizer as TFeature ?? this as TFeature;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _capture.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            await _session.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void OnSessionEnded(Task closed)
    {
        if (_session.ClosedByUs)
        {
            return;
        }

        var reason = EndReason(closed);
        Log.SessionEnded(_logger, _session.SessionHandle, reason);
        _capture.OnSessionClosed(reason);
    }

    private static string EndReason(Task closed) => closed.Exception?.InnerException is { } failure
        ? failure is DBusConnectionException
            ? "the D-Bus connection to the portal was lost (" + failure.Message + ")"
            : failure.Message
        : "the compositor or the portal closed the ScreenCast session";

    private static partial class Log
    {
        [LoggerMessage(EventIds.PortalSessionEnded, LogLevel.Warning, "ScreenCast session {Session} ended: {Reason}")]
        public static partial void SessionEnded(ILogger logger, string session, string reason);
    }
}
