using Microsoft.Extensions.Logging;
using WlWebRtc.Clipboard;
using WlWebRtc.DBus;
using WlWebRtc.Gnome.Mutter;
using WlWebRtc.Unix;
using WlWebRtc.Unix.Pipes;

namespace WlWebRtc.Gnome.Clipboard;

/// <summary>
/// The session's clipboard through the selection API of Mutter's RemoteDesktop session (the one the GNOME capture and
/// input use): <c>EnableClipboard</c>, then <c>SelectionOwnerChanged</c> says what an application copied and
/// <c>SelectionRead</c> gives a pipe it is read from; <c>SetSelection</c> offers the server's content, and each paste
/// arrives as <c>SelectionTransfer</c>, answered by writing into the pipe <c>SelectionWrite</c> gives and then
/// <c>SelectionWriteDone</c>. Transfers are bounded in size and time (<see cref="PipeTransfer"/>).
/// </summary>
internal sealed partial class MutterClipboard : ISessionClipboard
{
    /// <summary>How long an application may take to hand over its selection, or a pasting one to take ours.</summary>
    internal static readonly TimeSpan TransferTimeout = TimeSpan.FromSeconds(10);

    private readonly MutterSession _session;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _readGate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<DBusSubscription> _subscriptions = [];
    private IReadOnlyList<string> _desktopTypes = [];
    private OwnSelection? _own;
    private int _disposed;

    private MutterClipboard(MutterSession session, ILogger logger)
    {
        _session = session;
        _logger = logger;
    }

    public event EventHandler<ClipboardChangedEventArgs>? DesktopSelectionChanged;

    /// <summary>Subscribes to the session's selection signals and enables its clipboard.</summary>
    public static async Task<MutterClipboard> CreateAsync(MutterSession session, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var clipboard = new MutterClipboard(session, logger);
        try
        {
            clipboard._subscriptions.Add(await session.SubscribeRemoteDesktopAsync("SelectionOwnerChanged", clipboard.OnOwnerChanged, cancellationToken).ConfigureAwait(false));
            clipboard._subscriptions.Add(await session.SubscribeRemoteDesktopAsync("SelectionTransfer", clipboard.OnTransfer, cancellationToken).ConfigureAwait(false));
            await session.CallRemoteDesktopAsync("EnableClipboard", "a{sv}", [new Dictionary<string, DBusVariant>()], cancellationToken).ConfigureAwait(false);
            Log.Enabled(logger, session.RemoteDesktopPath);
            return clipboard;
        }
        catch
        {
            await clipboard.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask<ReadOnlyMemory<byte>?> ReadDesktopSelectionAsync(string mimeType, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(mimeType);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        string? offered;
        lock (_gate)
        {
            offered = TextMimeTypes.Choose(_desktopTypes, mimeType);
        }

        if (offered is null)
        {
            return null;
        }

        // Mutter serves one SelectionRead at a time
        await _readGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            DBusMessage reply;
            try
            {
                reply = await _session.CallRemoteDesktopAsync("SelectionRead", "s", [offered], cancellationToken).ConfigureAwait(false);
            }
            catch (DBusErrorException exception)
            {
                Log.ReadRefused(_logger, offered, exception.ErrorMessage); // the application let go of its selection meanwhile
                return null;
            }

            using var fd = TakeDescriptor(reply, "SelectionRead");
            var content = await PipeTransfer.ReadAtMostAsync(fd, maxBytes, TransferTimeout, cancellationToken).ConfigureAwait(false);

            // spelled out: a null array converts to an empty item, not to "too large"
            return content is null ? (ReadOnlyMemory<byte>?)null : content;
        }
        finally
        {
            _readGate.Release();
        }
    }

    public async ValueTask SetSelectionAsync(string mimeType, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(mimeType);
        var types = TextMimeTypes.OfferedAs(mimeType);
        lock (_gate)
        {
            _own = new OwnSelection(types, data);
        }

        var options = new Dictionary<string, DBusVariant> { ["mime-types"] = new("as", types) };
        await _session.CallRemoteDesktopAsync("SetSelection", "a{sv}", [options], cancellationToken).ConfigureAwait(false);
        Log.SelectionSet(_logger, mimeType, data.Length);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var subscription in _subscriptions)
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
        }

        if (!_session.Closed.IsCompleted)
        {
            try
            {
                await _session.CallRemoteDesktopAsync("DisableClipboard", "", [], CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is DBusErrorException or TimeoutException or DBusConnectionException)
            {
                Log.DisableFailed(_logger, exception.Message); // the session is ending anyway
            }
        }

        _stopping.Dispose();
        _readGate.Dispose();
    }

    private static UnixFd TakeDescriptor(DBusMessage reply, string call)
    {
        if (reply.Body.Count != 1 || reply.Body[0] is not UnixFdHandle handle)
        {
            foreach (var extra in reply.UnixFds)
            {
                extra.Dispose();
            }

            throw new MutterException($"Mutter answered {call} with '{reply.Signature}' instead of a descriptor");
        }

        return new UnixFd(handle.DetachDescriptor(), ownsHandle: true);
    }

    private void OnOwnerChanged(DBusMessage message)
    {
        if (message.Body.Count != 1)
        {
            return;
        }

        var owner = SelectionOwner.Parse(message.Body[0]);
        lock (_gate)
        {
            if (owner.SessionIsOwner)
            {
                _desktopTypes = []; // our own offer: nothing of the desktop's to read, and no news to tell
                return;
            }

            _own = null;
            _desktopTypes = owner.MimeTypes;
        }

        Log.DesktopSelection(_logger, string.Join(", ", owner.MimeTypes));
        DesktopSelectionChanged?.Invoke(this, new ClipboardChangedEventArgs(owner.MimeTypes));
    }

    private void OnTransfer(DBusMessage message)
    {
        if (message.Body.Count == 2 && message.Body[0] is string mimeType && message.Body[1] is uint serial)
        {
            _ = AnswerTransferAsync(mimeType, serial);
        }
    }

    /// <summary>Writes our selection into the pasting application's pipe, off the connection's reader, then reports how it went.</summary>
    private async Task AnswerTransferAsync(string mimeType, uint serial)
    {
        try
        {
            ReadOnlyMemory<byte>? data;
            lock (_gate)
            {
                data = _own is { } own && own.Types.Contains(mimeType, StringComparer.Ordinal) ? own.Data : null;
            }

            var success = data is { } content && await WriteAsync(mimeType, serial, content).ConfigureAwait(false);
            await _session.CallRemoteDesktopAsync("SelectionWriteDone", "ub", [serial, success], _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // stopping: Mutter ends the transfer with the session
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): a transfer runs unobserved off the D-Bus reader; whatever fails costs this paste only.
        catch (Exception exception)
        {
            Log.TransferFailed(_logger, mimeType, exception.Message);
        }
    }

    private async Task<bool> WriteAsync(string mimeType, uint serial, ReadOnlyMemory<byte> content)
    {
        DBusMessage reply;
        try
        {
            reply = await _session.CallRemoteDesktopAsync("SelectionWrite", "u", [serial], _stopping.Token).ConfigureAwait(false);
        }
        catch (DBusErrorException exception)
        {
            Log.TransferFailed(_logger, mimeType, exception.ErrorMessage);
            return false;
        }

        using var fd = TakeDescriptor(reply, "SelectionWrite");
        try
        {
            await PipeTransfer.WriteAllAsync(fd, content, TransferTimeout, _stopping.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (exception is UnixException or TimeoutException)
        {
            Log.TransferFailed(_logger, mimeType, exception.Message); // the pasting application closed its end or stopped reading
            return false;
        }
    }

    /// <summary>What the server offers: the types it announced and the bytes behind them.</summary>
    private sealed record OwnSelection(string[] Types, ReadOnlyMemory<byte> Data);

    private static partial class Log
    {
        [LoggerMessage(EventIds.ClipboardEnabled, LogLevel.Information, "Clipboard through Mutter session {Session}")]
        public static partial void Enabled(ILogger logger, string session);

        [LoggerMessage(EventIds.ClipboardSelectionSet, LogLevel.Debug, "Offered {Bytes} bytes of {MimeType} as the desktop's selection")]
        public static partial void SelectionSet(ILogger logger, string mimeType, int bytes);

        [LoggerMessage(EventIds.ClipboardDesktopSelection, LogLevel.Debug, "The desktop's selection changed: {MimeTypes}")]
        public static partial void DesktopSelection(ILogger logger, string mimeTypes);

        [LoggerMessage(EventIds.ClipboardReadRefused, LogLevel.Debug, "Mutter refused to read the selection as {MimeType}: {Reason}")]
        public static partial void ReadRefused(ILogger logger, string mimeType, string reason);

        [LoggerMessage(EventIds.ClipboardTransferFailed, LogLevel.Debug, "Handing the selection ({MimeType}) to a pasting application failed: {Reason}")]
        public static partial void TransferFailed(ILogger logger, string mimeType, string reason);

        [LoggerMessage(EventIds.ClipboardDisableFailed, LogLevel.Debug, "Disabling Mutter's clipboard failed: {Reason}")]
        public static partial void DisableFailed(ILogger logger, string reason);
    }
}
