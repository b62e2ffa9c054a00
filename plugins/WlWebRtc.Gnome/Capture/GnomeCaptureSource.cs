using Microsoft.Extensions.Logging;
using WlWebRtc.Capture;
using WlWebRtc.Gnome.Mutter;
using WlWebRtc.Media;

namespace WlWebRtc.Gnome.Capture;

/// <summary>
/// A PipeWire capture of a Mutter ScreenCast stream, bound to its linked Mutter session: Mutter closing the session
/// (or leaving the bus, or the D-Bus connection failing) ends the capture with that reason; disposal stops the
/// session. The session is offered to the GNOME input plugin as <see cref="MutterSession"/> through
/// <see cref="ICaptureSource.GetFeature{TFeature}"/>; a virtual monitor is also offered as <see cref="IResizableOutput"/>
/// (<see cref="VirtualMonitorResizer"/>), so that it follows the controlling viewer's size.
/// </summary>
internal sealed partial class GnomeCaptureSource : ICaptureSource
{
    private readonly PipeWireCapture.Capture _capture;
    private readonly MutterSession _session;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly VirtualMonitorResizer? _resizer;
    private int _disposed;

    public GnomeCaptureSource(PipeWireCapture.Capture capture, MutterSession session, TimeProvider time, ILogger logger)
    {
        _capture = capture;
        _session = session;
        _time = time;
        _logger = logger;
        _resizer = session.Recording == MutterRecording.Virtual ? new VirtualMonitorResizer(capture, session, time, logger) : null;
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

        return _capture.Source.StartAsync(new SessionAwareSink(sink, _session, _resizer, _time), cancellationToken);
    }

    public ValueTask StopAsync(CancellationToken cancellationToken) => _capture.Source.StopAsync(cancellationToken);

    TFeature? ICaptureSource.GetFeature<TFeature>()
        where TFeature : class => typeof(TFeature) == typeof(IResizableOutput) ? _resizer as TFeature : _session as TFeature ?? this as TFeature;

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

    /// <summary>
    /// Mutter closing a session also disconnects its PipeWire stream, and that news often arrives first: a failure is
    /// held back for a moment, so the sink hears the session's reason ("mutter closed the screen cast session") when
    /// there is one rather than the stream's. Each frame's size goes to the session (input's coordinates) and the
    /// resizer (which waits for the size it asked for) before the frame goes on.
    /// </summary>
    private sealed class SessionAwareSink(IVideoFrameSink inner, MutterSession session, VirtualMonitorResizer? resizer, TimeProvider time) : IVideoFrameSink
    {
        private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

        public void OnFrame(VideoFrame frame)
        {
            session.OnStreamSized(frame.Width, frame.Height);
            resizer?.OnFrameSize(frame.Width, frame.Height);
            inner.OnFrame(frame);
        }

        public void OnCursor(CursorInfo cursor) => inner.OnCursor(cursor);

        public void OnStopped(Exception? failure)
        {
            if (failure is null || session.ClosedByUs)
            {
                inner.OnStopped(failure);
                return;
            }

            _ = ReportAsync(failure);
        }

        private async Task ReportAsync(Exception failure)
        {
            using var grace = new CancellationTokenSource(Grace, time);
            var first = await Task.WhenAny(session.Closed, Task.Delay(Timeout.InfiniteTimeSpan, grace.Token)).ConfigureAwait(false);
            if (first == session.Closed && !session.ClosedByUs)
            {
                var reason = await MutterSession.DescribeEndAsync(session.Closed).ConfigureAwait(false);
                inner.OnStopped(new MutterException("The screen capture ended: " + reason + ".", failure));
                return;
            }

            inner.OnStopped(failure);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.SessionEnded, LogLevel.Warning, "Mutter session {Session} ended: {Reason}")]
        public static partial void SessionEnded(ILogger logger, string session, string reason);
    }
}
