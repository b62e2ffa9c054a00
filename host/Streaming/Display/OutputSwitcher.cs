using Microsoft.Extensions.Logging;
using WlWebRtc.Capture;
using WlWebRtc.RemoteInput.Display;

namespace WlWebRtc.Host.Streaming.Display;

/// <summary>
/// Several outputs (issue 16): tells each viewer the desktop's outputs and the watched one when its input channel
/// opens, and after every switch tells them all again. Only a viewer with the control role may switch (one capture
/// serves every viewer, so a switch changes what all of them watch). Switches run one at a time, at most one per
/// <see cref="MinInterval"/> (a switch opens a new cast); a request while one runs replaces the waiting one, so a
/// viewer clicking fast (or a hostile one flooding) costs one cast per interval. Safe to call from several threads.
/// </summary>
internal sealed partial class OutputSwitcher : IDisposable
{
    /// <summary>The shortest time between the starts of two switches.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    private readonly IOutputSelection _selection;
    private readonly Action<string, ReadOnlyMemory<byte>> _send;
    private readonly Func<IEnumerable<(string Id, bool HasControl)>> _viewers;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private string? _wanted;
    private bool _busy;
    private long? _lastSwitchAt;
    private ITimer? _timer;
    private string? _lastError;
    private bool _disposed;
    private long _ignored;

    /// <param name="selection">The capture's outputs.</param>
    /// <param name="send">Sends a message on a viewer's input channel.</param>
    /// <param name="viewers">The viewers now, with whether each has control.</param>
    public OutputSwitcher(IOutputSelection selection, Action<string, ReadOnlyMemory<byte>> send, Func<IEnumerable<(string Id, bool HasControl)>> viewers, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(send);
        ArgumentNullException.ThrowIfNull(viewers);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _selection = selection;
        _send = send;
        _viewers = viewers;
        _time = time;
        _logger = logger;

        // a selection that ends by itself (a captured window closed): the viewers get the list again, with the reason
        if (selection is IOutputSelectionEvents events)
        {
            events.SelectionEnded += OnSelectionEnded;
        }
    }

    /// <summary>Switch requests dropped because their viewer does not have control.</summary>
    public long IgnoredRequests => Interlocked.Read(ref _ignored);

    /// <summary>The switch running now, if any (the tests wait on it).</summary>
    public Task Current { get; private set; } = Task.CompletedTask;

    /// <summary>A viewer's input channel opened: it gets the list.</summary>
    public void OnViewerReady(string viewerId, bool hasControl) => _ = SendListAsync([(viewerId, hasControl)]);

    /// <summary>A viewer asked to watch output <paramref name="name"/>.</summary>
    public void OnSelect(string viewerId, bool hasControl, string name)
    {
        if (!hasControl)
        {
            Interlocked.Increment(ref _ignored);
            Log.Ignored(_logger, viewerId, name);
            return;
        }

        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            Log.Requested(_logger, viewerId, name);
            _wanted = name;
            ScheduleLocked();
        }
    }

    public void Dispose()
    {
        if (_selection is IOutputSelectionEvents events)
        {
            events.SelectionEnded -= OnSelectionEnded;
        }

        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void OnSelectionEnded(object? sender, SelectionEndedEventArgs e)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _lastError = e.Reason;
        }

        _ = SendListAsync(_viewers());
    }

    private void ScheduleLocked()
    {
        if (_busy || _timer is not null || _wanted is null)
        {
            return;
        }

        var due = _lastSwitchAt is { } last ? MinInterval - _time.GetElapsedTime(last) : TimeSpan.Zero;
        _timer = _time.CreateTimer(_ => Current = SwitchAsync(), null, due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private async Task SwitchAsync()
    {
        string name;
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            if (_disposed || _wanted is null)
            {
                return;
            }

            name = _wanted;
            _wanted = null;
            _busy = true;
            _lastSwitchAt = _time.GetTimestamp();
        }

        string? error = null;
        try
        {
            await _selection.SelectOutputAsync(name, CancellationToken.None).ConfigureAwait(false);
            Log.Switched(_logger, name);
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): a refused or failed switch leaves the capture on its output; viewers are told and streaming goes on.
        catch (Exception ex)
        {
            error = $"could not switch to {name}: {ex.Message}";
            Log.SwitchFailed(_logger, name, ex);
        }

        lock (_gate)
        {
            _lastError = error;
        }

        await SendListAsync(_viewers()).ConfigureAwait(false);
        lock (_gate)
        {
            _busy = false;
            ScheduleLocked();
        }
    }

    private async Task SendListAsync(IEnumerable<(string Id, bool HasControl)> viewers)
    {
        IReadOnlyList<DesktopOutput> outputs;
        try
        {
            outputs = await _selection.ListOutputsAsync(CancellationToken.None).ConfigureAwait(false);
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): the list is informative; a compositor that does not answer leaves viewers without a picker, nothing more.
        catch (Exception ex)
        {
            Log.ListFailed(_logger, ex);
            return;
        }

        string? error;
        lock (_gate)
        {
            error = _lastError;
        }

        var current = _selection.SelectedOutput;
        foreach (var (id, hasControl) in viewers)
        {
            _send(id, OutputMessages.List(outputs, current, hasControl, error));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.OutputSwitchRequested, LogLevel.Information, "Viewer {Viewer} asks to watch output {Name}")]
        public static partial void Requested(ILogger logger, string viewer, string name);

        [LoggerMessage(EventIds.OutputSwitched, LogLevel.Information, "The capture now shows output {Name}")]
        public static partial void Switched(ILogger logger, string name);

        [LoggerMessage(EventIds.OutputSwitchFailed, LogLevel.Warning, "Switching the capture to output {Name} failed; it keeps its output")]
        public static partial void SwitchFailed(ILogger logger, string name, Exception exception);

        [LoggerMessage(EventIds.OutputListFailed, LogLevel.Warning, "Listing the desktop's outputs failed")]
        public static partial void ListFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventIds.OutputSwitchIgnored, LogLevel.Debug, "Viewer {Viewer} without control asked for output {Name}: ignored")]
        public static partial void Ignored(ILogger logger, string viewer, string name);
    }
}
