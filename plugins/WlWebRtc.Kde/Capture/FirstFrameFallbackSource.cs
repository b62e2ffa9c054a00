using Microsoft.Extensions.Logging;
using WlWebRtc.Capture;
using WlWebRtc.Media;

namespace WlWebRtc.Kde.Capture;

/// <summary>
/// Runs a primary source and switches to a fallback when the primary delivers no frame within a time limit or fails
/// before its first frame: KWin's output screencast, which KWin 5.27's virtual backend accepts but never feeds, falls
/// back to ScreenShot2 polling. After the primary's first frame it is the source, failures included.
/// </summary>
internal sealed partial class FirstFrameFallbackSource : ICaptureSource
{
    private readonly ICaptureSource _primary;
    private readonly Func<CancellationToken, Task<ICaptureSource>> _createFallback;
    private readonly TimeSpan _firstFrameTimeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private IVideoFrameSink? _sink;
    private ICaptureSource? _fallback;
    private Task _switch = Task.CompletedTask;
    private bool _firstFrame;
    private bool _switched;
    private int _disposed;

    public FirstFrameFallbackSource(ICaptureSource primary, Func<CancellationToken, Task<ICaptureSource>> createFallback, TimeSpan firstFrameTimeout, TimeProvider time, ILogger logger)
    {
        _primary = primary;
        _createFallback = createFallback;
        _firstFrameTimeout = firstFrameTimeout;
        _time = time;
        _logger = logger;
    }

    public string Description
    {
        get
        {
            lock (_gate)
            {
                return _fallback?.Description ?? _primary.Description;
            }
        }
    }

    /// <summary>Whether the fallback runs.</summary>
    public bool FellBack
    {
        get
        {
            lock (_gate)
            {
                return _switched;
            }
        }
    }

    public async ValueTask StartAsync(IVideoFrameSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _sink = sink;
        await _primary.StartAsync(new WatchingSink(this), cancellationToken).ConfigureAwait(false);
        _ = WatchFirstFrameAsync(_stopping.Token);
    }

    public async ValueTask StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        Task pending;
        ICaptureSource current;
        lock (_gate)
        {
            pending = _switch;
        }

        await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            current = _fallback ?? _primary;
        }

        await current.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        Task pending;
        lock (_gate)
        {
            pending = _switch;
        }

        await pending.ConfigureAwait(false);
        await _primary.DisposeAsync().ConfigureAwait(false);
        if (_fallback is { } fallback)
        {
            await fallback.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private async Task WatchFirstFrameAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(_firstFrameTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        SwitchUnlessStarted($"no frame within {_firstFrameTimeout.TotalSeconds:0.#} s");
    }

    private void SwitchUnlessStarted(string reason)
    {
        lock (_gate)
        {
            if (_firstFrame || _switched || _stopping.IsCancellationRequested)
            {
                return;
            }

            _switched = true;
            // not on the primary's thread (this may be its callback): stopping it from there could wait on itself
            _switch = Task.Run(() => SwitchAsync(reason));
        }
    }

    private async Task SwitchAsync(string reason)
    {
        Log.FallingBack(_logger, _primary.Description, reason);
        try
        {
            await _primary.StopAsync(CancellationToken.None).ConfigureAwait(false);
            var fallback = await _createFallback(_stopping.Token).ConfigureAwait(false);
            lock (_gate)
            {
                _fallback = fallback;
            }

            await fallback.StartAsync(_sink!, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // stopped while switching
        }
        catch (Exception exception)
        {
            // Catch-all on purpose (see CONTRIBUTING.md, containment): the switch runs on its own task; whatever makes
            // the fallback fail ends this capture with the reason instead of leaving the viewers a silent source.
            Log.FallbackFailed(_logger, exception.Message);
            _sink!.OnStopped(new InvalidOperationException($"The capture fell back ({reason}) and the fallback failed: {exception.Message}", exception));
        }
    }

    /// <summary>Forwards the primary's frames and marks the first; after a switch the primary's news is dropped.</summary>
    private sealed class WatchingSink(FirstFrameFallbackSource owner) : IVideoFrameSink
    {
        public void OnFrame(VideoFrame frame)
        {
            lock (owner._gate)
            {
                if (owner._switched)
                {
                    frame.Dispose();
                    return;
                }

                owner._firstFrame = true;
            }

            owner._sink!.OnFrame(frame);
        }

        public void OnCursor(CursorInfo cursor)
        {
            if (!owner.FellBack)
            {
                owner._sink!.OnCursor(cursor);
            }
        }

        public void OnStopped(Exception? failure)
        {
            bool beforeFirstFrame;
            lock (owner._gate)
            {
                if (owner._switched)
                {
                    return;
                }

                beforeFirstFrame = !owner._firstFrame;
            }

            if (failure is not null && beforeFirstFrame)
            {
                owner.SwitchUnlessStarted(failure.Message);
                return;
            }

            owner._sink!.OnStopped(failure);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.FallingBack, LogLevel.Warning, "{Primary} delivered nothing ({Reason}): falling back to KWin's ScreenShot2 polling")]
        public static partial void FallingBack(ILogger logger, string primary, string reason);

        [LoggerMessage(EventIds.FallbackFailed, LogLevel.Error, "The capture's fallback failed: {Reason}")]
        public static partial void FallbackFailed(ILogger logger, string reason);
    }
}
