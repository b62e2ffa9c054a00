using Microsoft.Extensions.Logging;
using WlWebRtc.Capture;
using WlWebRtc.DBus;
using WlWebRtc.Media;
using WlWebRtc.PipeWire.Capture;
using WlWebRtc.Portal.Session;
using WlWebRtc.Sway;

namespace WlWebRtc.Portal.Source;

/// <summary>
/// A PipeWire capture of a portal ScreenCast stream, bound to its portal session: the session ending (closed by
/// the compositor or the portal, or its D-Bus connection lost) ends the capture with that reason; disposing the
/// source closes the session. The session is offered to others as <see cref="IPortalScreenCastFeature"/>.
/// On sway (and when no RemoteDesktop session is shared with input) it offers <see cref="IOutputSelection"/>: another
/// output is captured through a new cast, which replaces the running one behind the same sink (issue 16).
/// </summary>
internal sealed partial class PortalCaptureSource : ICaptureSource, IResizableOutput, IOutputSelection
{
    private readonly ILogger _logger;
    private readonly SwayOutputs? _outputs;
    private readonly PortalCastOpener? _open;
    private readonly SemaphoreSlim _switching = new(1, 1);
    private PortalCast _cast;
    private IReadOnlyList<PortalCast> _others = [];
    private IReadOnlyList<DesktopOutput>? _layout;
    private bool _all;
    private CastSink? _sink;
    private int _disposed;

    /// <param name="cast">The first cast.</param>
    /// <param name="logger">Where the source logs.</param>
    /// <param name="outputs">sway's outputs, on sway: listing them and switching among them needs it.</param>
    /// <param name="open">Opens a cast of another output; null: the source cannot switch (input shares the session).</param>
    public PortalCaptureSource(PortalCast cast, ILogger logger, SwayOutputs? outputs = null, PortalCastOpener? open = null)
    {
        _cast = cast;
        _logger = logger;
        _outputs = outputs;
        _open = outputs is null ? null : open;
        Watch(cast);
    }

    public string Description => Volatile.Read(ref _all)
        ? $"{_others.Count + 1} portal casts side by side on {IOutputSelection.AllOutputs}"
        : Volatile.Read(ref _cast) is { } cast && cast.OutputName is { } name
        ? $"{cast.Capture.Description} on {name}"
        : _cast.Capture.Description;

    internal PipeWireCaptureSource Capture => Volatile.Read(ref _cast).Capture;

    internal PortalCaptureSession Session => Volatile.Read(ref _cast).Session;

    /// <summary>The watched output's name, or <see cref="IOutputSelection.AllOutputs"/> while all are shown side by side.</summary>
    public string? SelectedOutput => Volatile.Read(ref _all) ? IOutputSelection.AllOutputs : Volatile.Read(ref _cast).OutputName;

    public ValueTask StartAsync(IVideoFrameSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var cast = Volatile.Read(ref _cast);
        if (cast.Session.Closed.IsCompleted)
        {
            throw new PortalCaptureException("The ScreenCast portal session ended before the capture started: " + EndReason(cast.Session.Closed));
        }

        var castSink = new CastSink(sink);
        _sink = castSink;
        return new ValueTask(StartCastsAsync(castSink, [.. _others.Prepend(cast)], Volatile.Read(ref _all) ? _layout : null, cancellationToken));
    }

    public async ValueTask StopAsync(CancellationToken cancellationToken)
    {
        foreach (var cast in _others.Prepend(Volatile.Read(ref _cast)))
        {
            await cast.Capture.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    TFeature? ICaptureSource.GetFeature<TFeature>()
        where TFeature : class
    {
        var cast = Volatile.Read(ref _cast);
        if (typeof(TFeature) == typeof(IResizableOutput))
        {
            return cast.Resizer is null ? null : this as TFeature;
        }

        if (typeof(TFeature) == typeof(IOutputSelection))
        {
            return _open is null || cast.Session.RemoteDesktop is not null ? null : this as TFeature;
        }

        return cast.Session as TFeature ?? cast.Session.RemoteDesktop as TFeature ?? this as TFeature;
    }

    public ValueTask ResizeAsync(DesiredOutputSize size, CancellationToken cancellationToken) =>
        Volatile.Read(ref _all)
            ? throw new NotSupportedException("All outputs are shown side by side: none of them follows the viewer's size.")
            : Volatile.Read(ref _cast).Resizer is { } resizer
            ? resizer.ResizeAsync(size, cancellationToken)
            : throw new NotSupportedException("This capture cannot resize its output.");

    public ValueTask RestoreAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _cast).Resizer is { } resizer ? resizer.RestoreAsync(cancellationToken) : ValueTask.CompletedTask;

    public async ValueTask<IReadOnlyList<DesktopOutput>> ListOutputsAsync(CancellationToken cancellationToken) =>
        _outputs is null
            ? []
            : await _outputs.ListAsync(cancellationToken).ConfigureAwait(false);

    public async ValueTask SelectOutputAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_open is null || _outputs is null || Volatile.Read(ref _cast).Session.RemoteDesktop is not null)
        {
            throw new NotSupportedException("This capture cannot switch outputs.");
        }

        await _switching.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (SelectedOutput == name)
            {
                return;
            }

            var outputs = await _outputs.ListAsync(cancellationToken).ConfigureAwait(false);
            var all = name == IOutputSelection.AllOutputs;
            if (all ? outputs.Count < 2 : !outputs.Any(o => o.Name == name))
            {
                throw new ArgumentException(
                    all ? "All outputs side by side needs two outputs or more." : $"There is no active output '{name}' (outputs: {string.Join(", ", outputs.Select(o => o.Name))}).",
                    nameof(name));
            }

            // all outputs: a cast of each (one after the other: each is focused for the portal's chooser), one picture
            var wanted = all ? outputs : [.. outputs.Where(o => o.Name == name)];
            var next = new List<PortalCast>(wanted.Count);
            try
            {
                foreach (var output in wanted)
                {
                    next.Add(await _open(output.Name, cancellationToken).ConfigureAwait(false));
                }
            }
            catch
            {
                foreach (var opened in next)
                {
                    await DisposeCastAsync(opened).ConfigureAwait(false);
                }

                throw;
            }

            await ReplaceAsync(next, all ? wanted : null, name, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _switching.Release();
        }
    }

    /// <summary>Stops the running casts, starts <paramref name="next"/> behind the same sink (through a <see cref="LayoutCanvas"/> of <paramref name="layout"/> when given), disposes the old ones.</summary>
    private async Task ReplaceAsync(List<PortalCast> next, IReadOnlyList<DesktopOutput>? layout, string name, CancellationToken cancellationToken)
    {
        var old = Volatile.Read(ref _cast);
        var oldOthers = _others;
        var wasAll = _all;
        Log.Switching(_logger, SelectedOutput ?? "?", name, next[0].Session.SessionHandle);
        foreach (var cast in next)
        {
            Watch(cast);
        }

        var sink = _sink;
        sink?.Retire();
        try
        {
            // the old casts stop first, so that the sink never gets frames of both
            foreach (var cast in oldOthers.Prepend(old))
            {
                await cast.Capture.StopAsync(cancellationToken).ConfigureAwait(false);
            }

            Volatile.Write(ref _cast, next[0]);
            _others = [.. next.Skip(1)];
            _layout = layout;
            _all = layout is not null;
            if (sink is not null)
            {
                var castSink = new CastSink(sink.Target);
                _sink = castSink;
                await StartCastsAsync(castSink, next, layout, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var cast in oldOthers.Prepend(old))
            {
                await DisposeCastAsync(cast).ConfigureAwait(false);
            }
        }

        if (!wasAll)
        {
            await RestoreLeftOutputAsync(old, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <c>[display] output = "*"</c>: all outputs side by side from the start (before <see cref="StartAsync"/>). With
    /// one output, or where the source cannot switch (not sway, or input shares the portal session), the first cast
    /// stays, and the log says why.
    /// </summary>
    public async Task ShowAllOutputsAtStartAsync(CancellationToken cancellationToken)
    {
        var canSwitch = ((ICaptureSource)this).GetFeature<IOutputSelection>() is not null;
        var count = canSwitch ? (await ListOutputsAsync(cancellationToken).ConfigureAwait(false)).Count : 0;
        if (!canSwitch || count < 2)
        {
            Log.AllOutputsNotShown(_logger, canSwitch ? $"the desktop has {count} output(s)" : "this capture cannot switch outputs (not sway, or input shares the portal session)");
            return;
        }

        await SelectOutputAsync(IOutputSelection.AllOutputs, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts one cast into <paramref name="sink"/>, or every cast into a <see cref="LayoutCanvas"/> of <paramref name="layout"/>.</summary>
    private async Task StartCastsAsync(CastSink sink, IReadOnlyList<PortalCast> casts, IReadOnlyList<DesktopOutput>? layout, CancellationToken cancellationToken)
    {
        if (layout is null)
        {
            await casts[0].Capture.StartAsync(sink, cancellationToken).ConfigureAwait(false);
            return;
        }

        var canvas = new LayoutCanvas(layout, sink);
        Log.AllOutputs(_logger, layout.Count, canvas.Width, canvas.Height);
        for (var i = 0; i < casts.Count; i++)
        {
            await casts[i].Capture.StartAsync(canvas.SinkFor(i), cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _switching.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var cast in _others.Prepend(Volatile.Read(ref _cast)))
            {
                await DisposeCastAsync(cast).ConfigureAwait(false);
            }
        }
        finally
        {
            _switching.Release();
        }
    }

    /// <summary>
    /// The output the viewer left gets back the size it had before it followed the viewer (issue 16): nobody watches it
    /// now. A refusal leaves it as it is, said in the log; the switch has happened anyway.
    /// </summary>
    private async Task RestoreLeftOutputAsync(PortalCast left, CancellationToken cancellationToken)
    {
        if (left.Resizer is not { OriginalSize: { } size } resizer)
        {
            return;
        }

        try
        {
            await resizer.RestoreAsync(cancellationToken).ConfigureAwait(false);
            Log.OutputRestored(_logger, left.OutputName ?? "?", size.Width, size.Height);
        }
        catch (Exception ex) when (ex is SwayIpcException or IOException or TimeoutException or OperationCanceledException)
        {
            Log.OutputRestoreFailed(_logger, left.OutputName ?? "?", ex);
        }
    }

    private static async Task DisposeCastAsync(PortalCast cast)
    {
        try
        {
            await cast.Capture.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            await cast.Session.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Watch(PortalCast cast) =>
        _ = cast.Session.Closed.ContinueWith(closed => OnSessionEnded(cast, closed), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private void OnSessionEnded(PortalCast cast, Task closed)
    {
        if (cast.Session.ClosedByUs)
        {
            return;
        }

        var reason = EndReason(closed);
        Log.SessionEnded(_logger, cast.Session.SessionHandle, reason);
        cast.Capture.OnSessionClosed(reason);
    }

    private static string EndReason(Task closed) => closed.Exception?.InnerException is { } failure
        ? failure is DBusConnectionException
            ? "the D-Bus connection to the portal was lost (" + failure.Message + ")"
            : failure.Message
        : "the compositor or the portal closed the ScreenCast session";

    /// <summary>
    /// The pipeline's sink as one cast sees it: frames and cursor pass; the end of a cast that was replaced (stopped for
    /// a switch) is not the end of the source.
    /// </summary>
    private sealed class CastSink(IVideoFrameSink target) : IVideoFrameSink
    {
        private int _retired;

        public IVideoFrameSink Target => target;

        /// <summary>This cast is being replaced: whatever it still reports of its end stays here.</summary>
        public void Retire() => Volatile.Write(ref _retired, 1);

        public void OnFrame(VideoFrame frame) => target.OnFrame(frame);

        public void OnCursor(CursorInfo cursor) => target.OnCursor(cursor);

        public void OnStopped(Exception? failure)
        {
            if (Volatile.Read(ref _retired) == 0)
            {
                target.OnStopped(failure);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.PortalSessionEnded, LogLevel.Warning, "ScreenCast session {Session} ended: {Reason}")]
        public static partial void SessionEnded(ILogger logger, string session, string reason);

        [LoggerMessage(EventIds.OutputSwitching, LogLevel.Information, "Switching the capture from output {From} to {To} (portal session {Session})")]
        public static partial void Switching(ILogger logger, string from, string to, string session);

        [LoggerMessage(EventIds.AllOutputs, LogLevel.Information, "Showing all {Count} outputs side by side in one {Width}x{Height} picture")]
        public static partial void AllOutputs(ILogger logger, int count, int width, int height);

        [LoggerMessage(EventIds.AllOutputsNotShown, LogLevel.Warning, "[display] output = \"*\" asks for all outputs side by side, but {Reason}: showing one output")]
        public static partial void AllOutputsNotShown(ILogger logger, string reason);

        [LoggerMessage(EventIds.OutputRestored, LogLevel.Information, "Output {Output}, left for another one, has its own size {Width}x{Height} again")]
        public static partial void OutputRestored(ILogger logger, string output, int width, int height);

        [LoggerMessage(EventIds.OutputRestoreFailed, LogLevel.Warning, "Output {Output}, left for another one, could not get its own size back")]
        public static partial void OutputRestoreFailed(ILogger logger, string output, Exception exception);
    }
}
