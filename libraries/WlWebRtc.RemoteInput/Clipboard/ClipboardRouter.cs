using Microsoft.Extensions.Logging;
using WlWebRtc.Clipboard;
using WlWebRtc.RateLimiting;

namespace WlWebRtc.RemoteInput.Clipboard;

/// <summary>
/// The server side of the clipboard data channel (docs/clipboard-protocol.md). A viewer with the control role sends
/// items (text or PNG) in chunks; each complete, valid item becomes the session's selection. When an application of
/// the session sets the selection, the router reads it (up to max_bytes) and sends it in chunks to every controlling
/// viewer whose channel is open. Viewers without control get only a <c>config</c> saying <c>off</c>, and nothing else.
/// Bad messages are dropped and counted, never fatal. Safe to call from several threads.
/// </summary>
public sealed partial class ClipboardRouter : IAsyncDisposable
{
    private static readonly TimeSpan SendRetryFor = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SendRetryDelay = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan ErrorInterval = TimeSpan.FromSeconds(1);

    private readonly ISessionClipboard _clipboard;
    private readonly Func<string, ReadOnlyMemory<byte>, ValueTask> _send;
    private readonly ClipboardOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ViewerClipboard> _viewers = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _desktopGate = new(1, 1);
    private readonly SemaphoreSlim _pushGate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private long _selectionVersion;
    private long _nextOutgoingId;
    private long _toDesktop;
    private long _toBrowsers;
    private long _refused;
    private readonly long[] _refusedByReason = new long[Enum.GetValues<ClipboardDropReason>().Length];
    private Task _lastWork = Task.CompletedTask;

    public ClipboardRouter(ISessionClipboard clipboard, Func<string, ReadOnlyMemory<byte>, ValueTask> send, ClipboardOptions options, TimeProvider time, ILogger<ClipboardRouter> logger)
    {
        ArgumentNullException.ThrowIfNull(clipboard);
        ArgumentNullException.ThrowIfNull(send);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _clipboard = clipboard;
        _send = send;
        _options = options;
        _time = time;
        _logger = logger;
        _clipboard.DesktopSelectionChanged += OnDesktopSelectionChanged;
    }

    /// <summary>The data channel the viewer opens for the clipboard.</summary>
    public const string Channel = "clipboard";

    /// <summary>A viewer opened its clipboard channel: it learns what it may do (<c>off</c> without control).</summary>
    public void OnChannelOpened(string viewerId, bool hasControl)
    {
        ArgumentNullException.ThrowIfNull(viewerId);
        var direction = hasControl ? _options.Direction : ClipboardDirection.Off;
        lock (_gate)
        {
            ViewerFor(viewerId).ReceivesSelection = hasControl && direction.AllowsToBrowser();
        }

        Track(SendAsync(viewerId, ClipboardMessages.Config(direction, _options.MaxBytes)));
    }

    /// <summary>Handles one string message of <paramref name="viewerId"/>'s clipboard channel.</summary>
    public void OnMessage(string viewerId, bool hasControl, ReadOnlySpan<byte> utf8Json)
    {
        ArgumentNullException.ThrowIfNull(viewerId);
        ReadOnlyMemory<byte>? answer;
        IncomingItem? complete = null;
        lock (_gate)
        {
            var viewer = ViewerFor(viewerId);
            answer = Handle(viewer, hasControl, utf8Json, ref complete);
        }

        if (answer is { } bytes)
        {
            Track(SendAsync(viewerId, bytes));
        }

        if (complete is not null)
        {
            Track(SetDesktopSelectionAsync(viewerId, complete));
        }
    }

    /// <summary>The viewer left: its item in progress is dropped and it gets no more selections.</summary>
    public void OnViewerGone(string viewerId)
    {
        ArgumentNullException.ThrowIfNull(viewerId);
        lock (_gate)
        {
            _viewers.Remove(viewerId);
        }
    }

    public ClipboardStats GetStats() => new(Interlocked.Read(ref _toDesktop), Interlocked.Read(ref _toBrowsers), Interlocked.Read(ref _refused));

    /// <summary>Completes once the work started so far (desktop writes, sends) has finished; for tests.</summary>
    internal Task WhenIdleAsync()
    {
        lock (_gate)
        {
            return _lastWork;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _clipboard.DesktopSelectionChanged -= OnDesktopSelectionChanged;
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await WhenIdleAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping: whatever was in flight is abandoned
        }

        _stopping.Dispose();
        _desktopGate.Dispose();
        _pushGate.Dispose();
    }

    private ReadOnlyMemory<byte>? Handle(ViewerClipboard viewer, bool hasControl, ReadOnlySpan<byte> utf8Json, ref IncomingItem? complete)
    {
        if (!hasControl)
        {
            Count(ClipboardDropReason.NotControl);
            return null; // a view-only viewer was told "off"; no answer for each message
        }

        if (!viewer.Rate.TryTake())
        {
            return Refuse(viewer, ClipboardDropReason.RateLimited, null);
        }

        if (!ClipboardMessageParser.TryParse(utf8Json, _options.ChunkBytes, out var message, out var reason))
        {
            return Refuse(viewer, reason, null);
        }

        if (!_options.Direction.AllowsToDesktop())
        {
            return Refuse(viewer, ClipboardDropReason.DirectionOff, message.Id);
        }

        if (message.Type == ClipboardMessageType.Begin)
        {
            viewer.Incoming = null; // a new item replaces one in progress
            if (ClipboardMimeTypes.Normalize(message.MimeType!) is not { } mimeType)
            {
                return Refuse(viewer, ClipboardDropReason.UnsupportedType, message.Id);
            }

            if (message.Size > _options.MaxBytes)
            {
                return Refuse(viewer, ClipboardDropReason.TooLarge, message.Id);
            }

            viewer.Incoming = new IncomingItem(message.Id, mimeType, message.Size);
        }
        else if (viewer.Incoming is not { } item || item.Id != message.Id || !item.TryAppend(message.Data))
        {
            viewer.Incoming = null;
            return Refuse(viewer, ClipboardDropReason.OutOfSequence, message.Id);
        }

        if (viewer.Incoming is { IsComplete: true } done)
        {
            viewer.Incoming = null;
            if (!ClipboardMimeTypes.IsValid(done.MimeType, done.Content.Span))
            {
                return Refuse(viewer, ClipboardDropReason.InvalidContent, done.Id);
            }

            complete = done;
        }

        return null;
    }

    private async Task SetDesktopSelectionAsync(string viewerId, IncomingItem item)
    {
        await _desktopGate.WaitAsync(_stopping.Token).ConfigureAwait(false);
        ReadOnlyMemory<byte> answer;
        try
        {
            await _clipboard.SetSelectionAsync(item.MimeType, item.Content, _stopping.Token).ConfigureAwait(false);
            Interlocked.Increment(ref _toDesktop);
            Log.ToDesktop(_logger, viewerId, item.MimeType, item.Content.Length);
            answer = ClipboardMessages.Set(item.Id);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return;
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): a clipboard plugin's failure costs this item, never the viewer or the server.
        catch (Exception exception)
        {
            Count(ClipboardDropReason.DesktopFailed);
            Log.DesktopFailed(_logger, exception);
            answer = ClipboardMessages.Error(ClipboardDropReason.DesktopFailed, item.Id);
        }
        finally
        {
            _desktopGate.Release();
        }

        await SendAsync(viewerId, answer).ConfigureAwait(false);
    }

    private void OnDesktopSelectionChanged(object? sender, ClipboardChangedEventArgs change)
    {
        if (!_options.Direction.AllowsToBrowser())
        {
            return;
        }

        var version = Interlocked.Increment(ref _selectionVersion);
        var types = change.MimeTypes;
        Track(Task.Run(() => PushSelectionAsync(version, types)));
    }

    /// <summary>Reads the desktop's new selection and sends it to every controlling viewer, unless a newer one came meanwhile.</summary>
    private async Task PushSelectionAsync(long version, IReadOnlyList<string> types)
    {
        await _pushGate.WaitAsync(_stopping.Token).ConfigureAwait(false);
        try
        {
            if (Interlocked.Read(ref _selectionVersion) != version || ClipboardMimeTypes.Choose(types) is not { } mimeType)
            {
                return;
            }

            string[] receivers;
            lock (_gate)
            {
                receivers = [.. _viewers.Where(v => v.Value.ReceivesSelection).Select(v => v.Key)];
            }

            if (receivers.Length == 0)
            {
                return;
            }

            var content = await _clipboard.ReadDesktopSelectionAsync(mimeType, _options.MaxBytes, _stopping.Token).ConfigureAwait(false);
            if (content is not { } bytes || !ClipboardMimeTypes.IsValid(mimeType, bytes.Span))
            {
                Count(ClipboardDropReason.TooLarge);
                Log.DesktopItemRefused(_logger, mimeType, _options.MaxBytes);
                foreach (var viewerId in receivers)
                {
                    await SendAsync(viewerId, ClipboardMessages.Error(ClipboardDropReason.TooLarge, null)).ConfigureAwait(false);
                }

                return;
            }

            var id = Interlocked.Increment(ref _nextOutgoingId);
            foreach (var viewerId in receivers)
            {
                await SendItemAsync(viewerId, id, mimeType, bytes).ConfigureAwait(false);
            }

            Interlocked.Increment(ref _toBrowsers);
            Log.ToBrowsers(_logger, mimeType, bytes.Length, receivers.Length);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // stopping
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): reading the desktop's selection may fail in many ways (the application vanished); this selection is lost, later ones still travel.
        catch (Exception exception)
        {
            Log.DesktopReadFailed(_logger, exception);
        }
        finally
        {
            _pushGate.Release();
        }
    }

    private async Task SendItemAsync(string viewerId, long id, string mimeType, ReadOnlyMemory<byte> content)
    {
        if (!await SendAsync(viewerId, ClipboardMessages.Begin(id, mimeType, content.Length)).ConfigureAwait(false))
        {
            return;
        }

        for (var offset = 0; offset < content.Length; offset += _options.ChunkBytes)
        {
            var chunk = content.Slice(offset, Math.Min(_options.ChunkBytes, content.Length - offset));
            if (!await SendAsync(viewerId, ClipboardMessages.Chunk(id, chunk.Span)).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>Sends one message, retrying while the channel's send buffer is full; false when it could not be sent.</summary>
    private async Task<bool> SendAsync(string viewerId, ReadOnlyMemory<byte> message)
    {
        var started = _time.GetTimestamp();
        while (true)
        {
            lock (_gate)
            {
                if (!_viewers.ContainsKey(viewerId))
                {
                    return false;
                }
            }

            try
            {
                await _send(viewerId, message).ConfigureAwait(false);
                return true;
            }
            catch (InvalidOperationException exception)
            {
                if (_time.GetElapsedTime(started) > SendRetryFor)
                {
                    Log.SendFailed(_logger, viewerId, exception.Message);
                    return false;
                }
            }

            await Task.Delay(SendRetryDelay, _time, _stopping.Token).ConfigureAwait(false);
        }
    }

    /// <summary>Keeps the latest piece of background work, so that <see cref="WhenIdleAsync"/> can wait for all of it.</summary>
    private void Track(Task work)
    {
        lock (_gate)
        {
            var previous = _lastWork;
            _lastWork = Task.WhenAll(previous, work).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private ViewerClipboard ViewerFor(string viewerId)
    {
        if (!_viewers.TryGetValue(viewerId, out var viewer))
        {
            viewer = new ViewerClipboard(new TokenBucket(_options.MessagesPerSecond, _options.Burst, _time));
            _viewers[viewerId] = viewer;
        }

        return viewer;
    }

    private void Count(ClipboardDropReason reason)
    {
        Interlocked.Increment(ref _refusedByReason[(int)reason]);
        Interlocked.Increment(ref _refused);
    }

    /// <summary>How many messages or items were refused for <paramref name="reason"/>; for tests.</summary>
    internal long RefusedFor(ClipboardDropReason reason) => Interlocked.Read(ref _refusedByReason[(int)reason]);

    /// <summary>Counts a refusal; returns an error for the viewer unless one was sent within the last second.</summary>
    private ReadOnlyMemory<byte>? Refuse(ViewerClipboard viewer, ClipboardDropReason reason, long? id)
    {
        Count(reason);
        var now = _time.GetTimestamp();
        if (viewer.LastErrorAt != 0 && _time.GetElapsedTime(viewer.LastErrorAt, now) < ErrorInterval)
        {
            return null;
        }

        viewer.LastErrorAt = now;
        Log.Refused(_logger, reason);
        return ClipboardMessages.Error(reason, id);
    }

    private sealed class ViewerClipboard(TokenBucket rate)
    {
        public TokenBucket Rate { get; } = rate;

        public IncomingItem? Incoming { get; set; }

        public bool ReceivesSelection { get; set; }

        public long LastErrorAt { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.ClipboardRefused, LogLevel.Debug, "Refused a clipboard message: {Reason}")]
        public static partial void Refused(ILogger logger, ClipboardDropReason reason);

        [LoggerMessage(EventIds.ClipboardToDesktop, LogLevel.Debug, "Viewer {Viewer} set the desktop's selection: {Bytes} bytes of {MimeType}")]
        public static partial void ToDesktop(ILogger logger, string viewer, string mimeType, int bytes);

        [LoggerMessage(EventIds.ClipboardDesktopFailed, LogLevel.Warning, "Setting the desktop's selection failed")]
        public static partial void DesktopFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventIds.ClipboardToBrowsers, LogLevel.Debug, "Sent the desktop's selection ({Bytes} bytes of {MimeType}) to {Viewers} viewers")]
        public static partial void ToBrowsers(ILogger logger, string mimeType, int bytes, int viewers);

        [LoggerMessage(EventIds.ClipboardDesktopItemRefused, LogLevel.Information, "The desktop's selection ({MimeType}) was not sent: gone, invalid or larger than {MaxBytes} bytes (clipboard.max_bytes)")]
        public static partial void DesktopItemRefused(ILogger logger, string mimeType, int maxBytes);

        [LoggerMessage(EventIds.ClipboardDesktopReadFailed, LogLevel.Warning, "Reading the desktop's selection failed")]
        public static partial void DesktopReadFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventIds.ClipboardSendFailed, LogLevel.Debug, "Sending a clipboard message to viewer {Viewer} failed: {Reason}")]
        public static partial void SendFailed(ILogger logger, string viewer, string reason);
    }
}
