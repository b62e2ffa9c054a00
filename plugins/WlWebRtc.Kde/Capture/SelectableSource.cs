using Microsoft.Extensions.Logging;
using WlWebRtc.Capture;
using WlWebRtc.Kde.Kwin;
using WlWebRtc.Media;

namespace WlWebRtc.Kde.Capture;

/// <summary>What a <see cref="SelectableSource"/> shows: an output or a window, its running source, and where it is on the desktop now.</summary>
/// <param name="Name">The output's name, or <see cref="SelectableSource.WindowPrefix"/> + the window's uuid.</param>
/// <param name="Source">The capture of it (not started).</param>
/// <param name="Area">Its rectangle in KWin's global space now (a window's follows its moves), where the pointer maps.</param>
/// <param name="WindowLabel">The window's title for a window; null for an output.</param>
internal sealed record Selection(string Name, ICaptureSource Source, Func<OutputArea> Area, string? WindowLabel);

/// <summary>
/// The <c>kde</c> capture: one output or one window at a time, switchable while it runs (<see cref="IOutputSelection"/>:
/// the viewer's picker lists KWin's outputs and, with the window-management grant, its windows). A switch starts the
/// new capture before it stops the old one, so a refused switch leaves the picture as it was. When a captured window
/// closes, the capture goes back to the output it started on and <see cref="SelectionEnded"/> says so, so the viewers
/// can pick another. The input plugin of this assembly reads <see cref="Area"/> to aim absolute motion.
/// </summary>
internal sealed partial class SelectableSource : ICaptureSource, IOutputSelection, IOutputSelectionEvents, ICapturedArea
{
    /// <summary>How a window's name in the list starts (the rest is KWin's uuid of it).</summary>
    public const string WindowPrefix = "window:";

    private readonly Func<string, CancellationToken, Task<Selection>> _open;
    private readonly Func<CancellationToken, Task<IReadOnlyList<DesktopOutput>>> _list;
    private readonly string _homeOutput;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _switching = new(1, 1);
    private readonly Lock _gate = new();
    private Selection _current;
    private int _generation;
    private IVideoFrameSink? _sink;
    private bool _stopping;
    private int _disposed;

    /// <param name="first">What to show at start (already opened).</param>
    /// <param name="homeOutput">The output to go back to when a captured window closes.</param>
    /// <param name="open">Opens an output or a window by its name in the list.</param>
    /// <param name="list">The outputs and windows to choose from now.</param>
    public SelectableSource(Selection first, string homeOutput, Func<string, CancellationToken, Task<Selection>> open, Func<CancellationToken, Task<IReadOnlyList<DesktopOutput>>> list, ILogger logger)
    {
        _current = first;
        _homeOutput = homeOutput;
        _open = open;
        _list = list;
        _logger = logger;
    }

    public event EventHandler<SelectionEndedEventArgs>? SelectionEnded;

    public string Description => Current.Source.Description;

    public string? SelectedOutput => Current.Name;

    public OutputArea Area => Current.Area();

    /// <summary>The capture of what is shown now.</summary>
    internal ICaptureSource Shown => Current.Source;

    private Selection Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public async ValueTask StartAsync(IVideoFrameSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _sink = sink;
        Selection first;
        int generation;
        lock (_gate)
        {
            first = _current;
            generation = _generation;
        }

        await first.Source.StartAsync(new Forward(this, generation, first), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _stopping = true;
        }

        await Current.Source.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<IReadOnlyList<DesktopOutput>> ListOutputsAsync(CancellationToken cancellationToken) =>
        new(_list(cancellationToken));

    public async ValueTask SelectOutputAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name == IOutputSelection.AllOutputs)
        {
            throw new NotSupportedException("the kde capture shows one output or one window at a time");
        }

        await _switching.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await SwitchLockedAsync(name, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _switching.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        lock (_gate)
        {
            _stopping = true;
        }

        await _switching.WaitAsync().ConfigureAwait(false);
        try
        {
            await Current.Source.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _switching.Release();
        }
    }

    private async Task SwitchLockedAsync(string name, CancellationToken cancellationToken)
    {
        Selection old;
        lock (_gate)
        {
            if (_stopping)
            {
                throw new InvalidOperationException("the capture is stopping");
            }

            old = _current;
        }

        if (old.Name == name)
        {
            return;
        }

        var next = await _open(name, cancellationToken).ConfigureAwait(false);

        // the new capture's frames count from its start: a still window's cast sends one frame, maybe before StartAsync returns
        int previous;
        int generation;
        lock (_gate)
        {
            previous = _generation;
            generation = ++_generation;
        }

        try
        {
            await next.Source.StartAsync(new Forward(this, generation, next), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lock (_gate)
            {
                if (_generation == generation)
                {
                    _generation = previous;
                }
            }

            await next.Source.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        lock (_gate)
        {
            _current = next;
        }

        Log.Switched(_logger, old.WindowLabel ?? old.Name, next.Source.Description);
        await old.Source.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The captured window went away: back to the home output, then the viewers are told why.</summary>
    private async Task GoHomeAsync(Selection ended, string reason)
    {
        var message = $"the window \"{ended.WindowLabel}\" is no longer shown ({reason}); back to output {_homeOutput}";
        Log.WindowEnded(_logger, ended.WindowLabel ?? ended.Name, reason, _homeOutput);
        try
        {
            await _switching.WaitAsync().ConfigureAwait(false);
            try
            {
                lock (_gate)
                {
                    if (_stopping || !ReferenceEquals(_current, ended))
                    {
                        return;
                    }
                }

                await SwitchLockedAsync(_homeOutput, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                _switching.Release();
            }
        }
        catch (Exception exception)
        {
            // Catch-all on purpose (see CONTRIBUTING.md, containment): this runs on its own task after a window closed;
            // when even the home output cannot be captured, the capture ends with both reasons instead of a silent picture.
            Log.GoHomeFailed(_logger, _homeOutput, exception.Message);
            _sink?.OnStopped(new InvalidOperationException($"{message}, which failed: {exception.Message}", exception));
            return;
        }

        SelectionEnded?.Invoke(this, new SelectionEndedEventArgs(message));
    }

    /// <summary>Passes on the frames of the selection it belongs to while that is the current one; a window's end sends the capture home.</summary>
    private sealed class Forward(SelectableSource owner, int generation, Selection selection) : IVideoFrameSink
    {
        private bool IsCurrent
        {
            get
            {
                lock (owner._gate)
                {
                    return owner._generation == generation;
                }
            }
        }

        public void OnFrame(VideoFrame frame)
        {
            if (!IsCurrent)
            {
                frame.Dispose();
                return;
            }

            owner._sink!.OnFrame(frame);
        }

        public void OnCursor(CursorInfo cursor)
        {
            if (IsCurrent)
            {
                owner._sink!.OnCursor(cursor);
            }
        }

        public void OnStopped(Exception? failure)
        {
            bool stopping;
            lock (owner._gate)
            {
                if (owner._generation != generation)
                {
                    return;
                }

                stopping = owner._stopping;
            }

            if (selection.WindowLabel is not null && !stopping)
            {
                // not on the capture's own thread: switching stops this source, which may wait on that thread
                _ = Task.Run(() => owner.GoHomeAsync(selection, failure?.Message ?? "its cast ended"));
                return;
            }

            owner._sink!.OnStopped(failure);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.SelectionSwitched, LogLevel.Information, "KWin capture: from {Old} to {New}")]
        public static partial void Switched(ILogger logger, string old, string @new);

        [LoggerMessage(EventIds.WindowEnded, LogLevel.Warning, "KWin capture: the window \"{Window}\" is no longer shown ({Reason}); back to output {Output}")]
        public static partial void WindowEnded(ILogger logger, string window, string reason, string output);

        [LoggerMessage(EventIds.GoHomeFailed, LogLevel.Error, "KWin capture: going back to output {Output} after a window ended failed: {Reason}")]
        public static partial void GoHomeFailed(ILogger logger, string output, string reason);
    }
}
