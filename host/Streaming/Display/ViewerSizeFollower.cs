using Microsoft.Extensions.Logging;
using WlWebRtc.Capture;
using WlWebRtc.Host.Configuration;
using WlWebRtc.RemoteInput.Display;

namespace WlWebRtc.Host.Streaming.Display;

/// <summary>
/// Makes the captured output follow the controlling viewer's stage (issue 16): each size report of the control
/// viewer becomes a <see cref="DesiredOutputSize"/> (<see cref="OutputSizePolicy"/>); the latest one wins, and the
/// compositor is asked at most once per <see cref="MinInterval"/>, one request at a time, so a viewer dragging its
/// window edge (or a hostile one sending reports as fast as it can) costs one mode change per interval. Reports of
/// view-only viewers are ignored: they keep letterboxing. Safe to call from several threads.
/// </summary>
internal sealed partial class ViewerSizeFollower : IDisposable
{
    /// <summary>The shortest time between two resize requests to the compositor.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(500);

    private readonly IResizableOutput _output;
    private readonly DisplayOptions _bounds;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private DesiredOutputSize? _wanted;
    private DesiredOutputSize? _requested;
    private long? _lastRequestAt;
    private bool _busy;
    private ITimer? _timer;
    private ITimer? _restoreTimer;
    private bool _disposed;

    public ViewerSizeFollower(IResizableOutput output, DisplayOptions bounds, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(bounds);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _output = output;
        _bounds = bounds;
        _time = time;
        _logger = logger;
    }

    /// <summary>Size reports that were not followed because their viewer does not have control.</summary>
    public long IgnoredReports => Interlocked.Read(ref _ignored);

    private long _ignored;

    /// <summary>A viewer reported its stage; only a viewer with the control role is followed.</summary>
    public void OnViewerSize(string viewerId, bool hasControl, ViewerSize stage)
    {
        if (!hasControl)
        {
            Interlocked.Increment(ref _ignored);
            return;
        }

        var size = OutputSizePolicy.Fit(stage, _bounds);
        lock (_gate)
        {
            // a controlling viewer is back (a reload, another one): the output stays the viewer's
            _restoreTimer?.Dispose();
            _restoreTimer = null;
            if (_disposed || size == (_wanted ?? _requested))
            {
                return;
            }

            Log.Wanted(_logger, viewerId, stage.Width, stage.Height, stage.PixelRatio, size.Width, size.Height, size.Scale);
            _wanted = size;
            ScheduleLocked();
        }
    }

    /// <summary>
    /// A viewer left. When it had control and the output follows a viewer's size, the output gets its own size back
    /// after <see cref="DisplayOptions.RestoreAfter"/>, unless a controlling viewer reports a size before.
    /// </summary>
    public void OnViewerGone(string viewerId, bool hadControl)
    {
        if (!hadControl || _bounds.RestoreAfter <= TimeSpan.Zero)
        {
            return;
        }

        lock (_gate)
        {
            if (_disposed || (_requested is null && _wanted is null && !_busy))
            {
                return;
            }

            Log.RestoreScheduled(_logger, viewerId, _bounds.RestoreAfter.TotalSeconds);
            _restoreTimer?.Dispose();
            _restoreTimer = _time.CreateTimer(_ => _ = RestoreAsync(), null, _bounds.RestoreAfter, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The restore running now or last, if any (the tests wait on it).</summary>
    public Task Restoring { get; private set; } = Task.CompletedTask;

    private Task RestoreAsync() => Restoring = RunRestoreAsync();

    private async Task RunRestoreAsync()
    {
        lock (_gate)
        {
            _restoreTimer?.Dispose();
            _restoreTimer = null;
            if (_disposed)
            {
                return;
            }

            // whatever was still wanted was the viewer's who left
            _wanted = null;
            _requested = null;
        }

        try
        {
            await _output.RestoreAsync(CancellationToken.None).ConfigureAwait(false);
            Log.Restored(_logger);
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): a compositor refusing the old mode leaves the output as it is; streaming goes on.
        catch (Exception ex)
        {
            Log.RestoreFailed(_logger, ex);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
            _restoreTimer?.Dispose();
            _restoreTimer = null;
        }
    }

    /// <summary>Arms the timer for the next request unless one is armed or running (it re-arms when done).</summary>
    private void ScheduleLocked()
    {
        if (_busy || _timer is not null || _wanted is null)
        {
            return;
        }

        var due = _lastRequestAt is { } last ? MinInterval - _time.GetElapsedTime(last) : TimeSpan.Zero;
        _timer = _time.CreateTimer(_ => _ = RequestAsync(), null, due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private async Task RequestAsync()
    {
        DesiredOutputSize size;
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            if (_disposed || _wanted is null)
            {
                return;
            }

            size = _wanted;
            _wanted = null;
            _busy = true;
            _lastRequestAt = _time.GetTimestamp();
        }

        try
        {
            await _output.ResizeAsync(size, CancellationToken.None).ConfigureAwait(false);
            Log.Resized(_logger, size.Width, size.Height, size.Scale);
            lock (_gate)
            {
                _requested = size;
            }
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): a compositor refusing a mode (or the capture plugin failing) leaves the output as it is; streaming goes on.
        catch (Exception ex)
        {
            Log.ResizeFailed(_logger, size.Width, size.Height, size.Scale, ex);
        }
        finally
        {
            lock (_gate)
            {
                _busy = false;
                if (_wanted == _requested)
                {
                    _wanted = null;
                }

                ScheduleLocked();
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.OutputRestoreScheduled, LogLevel.Information, "The controlling viewer {Viewer} left: the output gets its own size back in {Seconds} s unless a controlling viewer reports a size")]
        public static partial void RestoreScheduled(ILogger logger, string viewer, double seconds);

        [LoggerMessage(EventIds.OutputRestored, LogLevel.Information, "The captured output has its own size back")]
        public static partial void Restored(ILogger logger);

        [LoggerMessage(EventIds.OutputRestoreFailed, LogLevel.Warning, "Giving the captured output its own size back failed; it keeps the last viewer's size")]
        public static partial void RestoreFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventIds.ViewerSizeWanted, LogLevel.Debug, "Viewer {Viewer} shows {StageWidth}x{StageHeight} CSS px at ratio {Ratio}: output wanted {Width}x{Height} at scale {Scale}")]
        public static partial void Wanted(ILogger logger, string viewer, int stageWidth, int stageHeight, double ratio, int width, int height, double scale);

        [LoggerMessage(EventIds.OutputResized, LogLevel.Information, "Captured output resized to {Width}x{Height} at scale {Scale} for the controlling viewer")]
        public static partial void Resized(ILogger logger, int width, int height, double scale);

        [LoggerMessage(EventIds.OutputResizeFailed, LogLevel.Warning, "Resizing the captured output to {Width}x{Height} at scale {Scale} failed; it keeps its size")]
        public static partial void ResizeFailed(ILogger logger, int width, int height, double scale, Exception exception);
    }
}
