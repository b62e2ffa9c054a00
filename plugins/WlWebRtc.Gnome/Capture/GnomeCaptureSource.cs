using Microsoft.Extensions.Logging;
using WlWebRtc.Capture;
using WlWebRtc.Gnome.Mutter;

namespace WlWebRtc.Gnome.Capture;

/// <summary>
/// A PipeWire capture of a Mutter ScreenCast stream, bound to its linked Mutter session: Mutter closing the session
/// (or leaving the bus, or the D-Bus connection failing) ends the capture with that reason; disposal stops the
/// session. The session is offered to the GNOME input plugin as <see cref="MutterSession"/> through
/// <see cref="ICaptureSource.GetFeature{TFeature}"/>.
/// </summary>
internal sealed partial class GnomeCaptureSource : ICaptureSource
{
    private readonly PipeWireCapture.Capture _capture;
    private readonly MutterSession _session;
    private readonly ILogger _logger;
    private int _disposed;

    public GnomeCaptureSource(PipeWireCapture.Capture capture, MutterSession session, ILogger logger)
    {
        _capture = capture;
        _session = session;
        _logger = logger;
        _ = session.Closed.ContinueWith(OnSessionEndedAsync, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public string Description => _capture.Source.Description;

    internal MutterSession Session => _session;

    public ValueTask StartAsync(IVideoFrameSink sink, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_session.Closed.IsCompleted)
        {
            throw new MutterException("The Mutter session ended before the capture started.");
        }

        return _capture.Source.StartAsync(sink, cancellationToken);
    }

    public ValueTask StopAsync(CancellationToken cancellationToken) => _capture.Source.StopAsync(cancellationToken);

    TFeature? ICaptureSource.GetFeature<TFeature>()
        where TFeature : class => _session as TFeature ?? this as TFeature;

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

    private async Task OnSessionEndedAsync(Task<string> closed)
    {
        if (_session.ClosedByUs)
        {
            return;
        }

        var reason = await MutterSession.DescribeEndAsync(closed).ConfigureAwait(false);
        Log.SessionEnded(_logger, _session.RemoteDesktopPath, reason);
        _capture.Fail(reason);
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.SessionEnded, LogLevel.Warning, "Mutter session {Session} ended: {Reason}")]
        public static partial void SessionEnded(ILogger logger, string session, string reason);
    }
}
