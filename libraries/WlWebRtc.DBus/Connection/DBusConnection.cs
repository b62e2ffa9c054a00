using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.DBus.Connection;
using WlWebRtc.DBus.Protocol;

namespace WlWebRtc.DBus;

/// <summary>
/// A connection to a D-Bus message bus. Replies, signals and incoming calls are read on one background thread;
/// signal handlers run on that thread and must not block. Every call has a timeout.
/// </summary>
public sealed partial class DBusConnection : IAsyncDisposable, IDisposable
{
    public const string BusName = "org.freedesktop.DBus";
    public const string BusPath = "/org/freedesktop/DBus";
    public const string PropertiesInterface = "org.freedesktop.DBus.Properties";

    private readonly UnixSocketTransport _transport;
    private readonly DBusConnectionOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _sendLock = new();
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<DBusMessage>> _pending = new();
    private readonly ConcurrentDictionary<string, IDBusObject> _objects = new(StringComparer.Ordinal);
    private readonly Lock _subscriptionsLock = new();
    private readonly CancellationTokenSource _closed = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ImmutableSubscriptions _subscriptions = ImmutableSubscriptions.Empty;
    private Thread? _reader;
    private int _serial;
    private int _disposed;
    private Exception? _closeReason;

    private DBusConnection(UnixSocketTransport transport, string guid, bool unixFds, DBusConnectionOptions options)
    {
        _transport = transport;
        ServerGuid = guid;
        UnixFdPassingEnabled = unixFds;
        _options = options;
        _logger = options.Logger ?? NullLogger.Instance;
    }

    /// <summary>The unique name the bus gave this connection (":1.42").</summary>
    public string UniqueName { get; private set; } = string.Empty;

    public string ServerGuid { get; }

    /// <summary>Whether the daemon agreed to pass unix fds (AGREE_UNIX_FD).</summary>
    public bool UnixFdPassingEnabled { get; }

    public TimeSpan DefaultTimeout => _options.DefaultTimeout;

    /// <summary>Completes when the connection is closed or lost; faulted with the reason when it was lost.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Connects to the session bus (DBUS_SESSION_BUS_ADDRESS, else $XDG_RUNTIME_DIR/bus).</summary>
    public static Task<DBusConnection> ConnectSessionAsync(DBusConnectionOptions? options = null, CancellationToken cancellationToken = default)
    {
        var address = DBusAddress.GetSessionBusAddress()
            ?? throw new DBusConnectionException("No session bus: DBUS_SESSION_BUS_ADDRESS is not set and $XDG_RUNTIME_DIR/bus does not exist.");
        return ConnectAsync(address, options, cancellationToken);
    }

    /// <summary>Connects to the first reachable entry of <paramref name="address"/>, authenticates and says Hello.</summary>
    public static async Task<DBusConnection> ConnectAsync(string address, DBusConnectionOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DBusConnectionOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid D-Bus connection options: " + string.Join(" ", errors), nameof(options));
        }

        IReadOnlyList<DBusAddressEntry> entries;
        try
        {
            entries = DBusAddress.Parse(address);
        }
        catch (FormatException e)
        {
            throw new DBusConnectionException($"Invalid D-Bus address '{address}': {e.Message}", e);
        }

        var failures = new List<string>();
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            UnixSocketTransport? transport = null;
            try
            {
                transport = OpenTransport(entry);
                var connection = await AuthenticateAsync(transport, options, cancellationToken).ConfigureAwait(false);
                transport = null;
                try
                {
                    await connection.HelloAsync(cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                    throw;
                }

                return connection;
            }
            catch (Exception e) when (e is DBusConnectionException or DBusProtocolException or NotSupportedException or DBusTimeoutException)
            {
                failures.Add($"{entry}: {e.Message}");
            }
            finally
            {
                transport?.Dispose();
            }
        }

        throw new DBusConnectionException("Cannot connect to the D-Bus bus. " + string.Join(" ", failures));
    }

    /// <summary>Sends a method call and awaits its reply; an error reply throws <see cref="DBusErrorException"/>, no reply in time <see cref="DBusTimeoutException"/>.</summary>
    public async Task<DBusMessage> CallAsync(DBusMessage call, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Type != DBusMessageType.MethodCall)
        {
            throw new ArgumentException("Only method calls have replies.", nameof(call));
        }

        var limit = timeout ?? _options.DefaultTimeout;
        var tcs = new TaskCompletionSource<DBusMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var serial = NextSerial();
        _pending[serial] = tcs;
        DBusMessage reply;
        try
        {
            SendWithSerial(call, serial);
            reply = await tcs.Task.WaitAsync(limit, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new DBusTimeoutException(
                $"No reply to {call.Interface}.{call.Member} on {call.Path} at {call.Destination ?? "(no destination)"} within {limit.TotalSeconds:0.###} s: the service is missing or stuck.");
        }
        finally
        {
            _pending.TryRemove(serial, out _);
        }

        if (reply.Type == DBusMessageType.Error)
        {
            reply.DisposeUnixFds();
            throw new DBusErrorException(reply.ErrorName ?? "org.freedesktop.DBus.Error.Failed", reply.FirstStringArgument ?? string.Empty);
        }

        return reply;
    }

    /// <summary>Calls <paramref name="member"/> and returns the reply (its <see cref="DBusMessage.Body"/> holds the results).</summary>
    public Task<DBusMessage> CallMethodAsync(string? destination, string path, string? @interface, string member, string signature = "", IReadOnlyList<object>? args = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        CallAsync(DBusMessage.CreateMethodCall(destination, path, @interface, member, signature, args), timeout, cancellationToken);

    /// <summary>Sends a message that expects no reply (a signal, or a call flagged NoReplyExpected); returns its serial.</summary>
    public uint Send(DBusMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var serial = NextSerial();
        SendWithSerial(message, serial);
        return serial;
    }

    /// <summary>Emits a signal from <paramref name="path"/>.</summary>
    public void EmitSignal(string path, string @interface, string member, string signature = "", IReadOnlyList<object>? args = null, string? destination = null) =>
        Send(DBusMessage.CreateSignal(path, @interface, member, signature, args, destination));

    /// <summary>org.freedesktop.DBus.Properties.Get, converted to <typeparamref name="T"/> (see <see cref="DBusValue.Convert{T}"/>).</summary>
    public async Task<T> GetPropertyAsync<T>(string destination, string path, string @interface, string property, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var reply = await CallMethodAsync(destination, path, PropertiesInterface, "Get", "ss", [@interface, property], timeout, cancellationToken).ConfigureAwait(false);
        if (reply.Signature != "v")
        {
            throw new DBusProtocolException($"Properties.Get answered with signature '{reply.Signature}' instead of 'v'.");
        }

        try
        {
            return DBusValue.Convert<T>(reply.Body[0]);
        }
        catch (InvalidCastException e)
        {
            var variant = (DBusVariant)reply.Body[0];
            throw new InvalidCastException($"Property {@interface}.{property} of {destination} has D-Bus type '{variant.Signature}', which does not convert to {typeof(T).Name}: {e.Message}", e);
        }
    }

    /// <summary>org.freedesktop.DBus.Properties.GetAll.</summary>
    public async Task<Dictionary<string, DBusVariant>> GetAllPropertiesAsync(string destination, string path, string @interface, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var reply = await CallMethodAsync(destination, path, PropertiesInterface, "GetAll", "s", [@interface], timeout, cancellationToken).ConfigureAwait(false);
        if (reply.Signature != "a{sv}")
        {
            throw new DBusProtocolException($"Properties.GetAll answered with signature '{reply.Signature}' instead of 'a{{sv}}'.");
        }

        return DBusValue.ToVardict(reply.Body[0]);
    }

    public async Task<bool> NameHasOwnerAsync(string name, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var reply = await CallBusAsync("NameHasOwner", "s", [name], timeout, cancellationToken).ConfigureAwait(false);
        return ExpectBody<bool>(reply, "b");
    }

    /// <summary>The unique name owning <paramref name="name"/>, or null when nobody owns it.</summary>
    public async Task<string?> GetNameOwnerAsync(string name, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        try
        {
            var reply = await CallBusAsync("GetNameOwner", "s", [name], timeout, cancellationToken).ConfigureAwait(false);
            return ExpectBody<string>(reply, "s");
        }
        catch (DBusErrorException e) when (e.ErrorName == "org.freedesktop.DBus.Error.NameHasNoOwner")
        {
            return null;
        }
    }

    public async Task<string[]> ListNamesAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var reply = await CallBusAsync("ListNames", string.Empty, [], timeout, cancellationToken).ConfigureAwait(false);
        return Array.ConvertAll(ExpectBody<object[]>(reply, "as"), o => (string)o);
    }

    public async Task<RequestNameReply> RequestNameAsync(string name, RequestNameOptions flags = RequestNameOptions.DoNotQueue, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var reply = await CallBusAsync("RequestName", "su", [name, (uint)flags], timeout, cancellationToken).ConfigureAwait(false);
        return (RequestNameReply)ExpectBody<uint>(reply, "u");
    }

    public async Task ReleaseNameAsync(string name, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        await CallBusAsync("ReleaseName", "s", [name], timeout, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Adds the match rule on the bus (awaiting the daemon's acknowledgement, so no matching signal sent after this
    /// returns is missed) and calls <paramref name="handler"/> for each matching message, on the reader thread.
    /// </summary>
    public async Task<DBusSubscription> SubscribeAsync(MatchRule rule, Action<DBusMessage> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(handler);
        string? senderOwner = null;
        if (rule.Sender is not null && MatchRule.IsWellKnown(rule.Sender) && rule.Sender != BusName)
        {
            senderOwner = await GetNameOwnerAsync(rule.Sender, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var subscription = new DBusSubscription(this, rule, senderOwner, handler);
        lock (_subscriptionsLock)
        {
            _subscriptions = _subscriptions.Add(subscription);
        }

        try
        {
            await CallBusAsync("AddMatch", "s", [rule.ToString()], null, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            RemoveSubscription(subscription);
            throw;
        }

        return subscription;
    }

    /// <summary>Exports <paramref name="handler"/> at <paramref name="path"/>; dispose the result to unexport.</summary>
    public IDisposable RegisterObject(string path, IDBusObject handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var objectPath = new ObjectPath(path);
        if (!_objects.TryAdd(objectPath.Value, handler))
        {
            throw new InvalidOperationException($"An object is already registered at {path}.");
        }

        return new Registration(() => _objects.TryRemove(objectPath.Value, out _));
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _transport.Shutdown();
        if (_reader is not null && _reader != Thread.CurrentThread)
        {
            _reader.Join(TimeSpan.FromSeconds(5));
        }

        Close(null);
        _transport.Dispose();
        _closed.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    internal void RemoveSubscription(DBusSubscription subscription)
    {
        bool removed;
        lock (_subscriptionsLock)
        {
            var before = _subscriptions;
            _subscriptions = before.Remove(subscription);
            removed = !ReferenceEquals(before, _subscriptions);
        }

        if (removed && Volatile.Read(ref _disposed) == 0 && !_closed.IsCancellationRequested)
        {
            try
            {
                // No reply wanted: unsubscribing must not block or fail the caller.
                Send(DBusMessage.CreateMethodCall(BusName, BusPath, BusName, "RemoveMatch", "s", [subscription.Rule.ToString()], DBusMessageFlags.NoReplyExpected));
            }
            catch (DBusConnectionException)
            {
                // The connection is gone, and its match rules with it.
            }
        }
    }

    private static UnixSocketTransport OpenTransport(DBusAddressEntry entry)
    {
        if (entry.Transport != "unix")
        {
            throw new NotSupportedException($"The D-Bus transport '{entry.Transport}' is not supported (only unix).");
        }

        if (entry.GetParameter("path") is { } path)
        {
            return UnixSocketTransport.Connect(path, isAbstract: false);
        }

        if (entry.GetParameter("abstract") is { } name)
        {
            return UnixSocketTransport.Connect(name, isAbstract: true);
        }

        if (entry.GetParameter("runtime") == "yes" && Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } runtime)
        {
            return UnixSocketTransport.Connect(Path.Combine(runtime, "bus"), isAbstract: false);
        }

        throw new NotSupportedException("A unix D-Bus address needs path=, abstract= or runtime=yes to connect.");
    }

    private static async Task<DBusConnection> AuthenticateAsync(UnixSocketTransport transport, DBusConnectionOptions options, CancellationToken cancellationToken)
    {
        // The socket timeouts bound a daemon that accepts but never answers.
        transport.SetTimeouts(options.ConnectTimeout, options.ConnectTimeout);
        var (guid, unixFds) = await Task.Run(() => SaslClient.Authenticate(transport, WlWebRtc.Unix.UnixUser.RealUserId, options.NegotiateUnixFds), cancellationToken).ConfigureAwait(false);
        transport.SetTimeouts(TimeSpan.Zero, options.DefaultTimeout);
        var connection = new DBusConnection(transport, guid, unixFds, options);
        connection.StartReader();
        return connection;
    }

    private async Task HelloAsync(CancellationToken cancellationToken)
    {
        var reply = await CallBusAsync("Hello", string.Empty, [], _options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        UniqueName = ExpectBody<string>(reply, "s");
        Log.Connected(_logger, UniqueName, UnixFdPassingEnabled);
    }

    private Task<DBusMessage> CallBusAsync(string member, string signature, object[] args, TimeSpan? timeout, CancellationToken cancellationToken) =>
        CallMethodAsync(BusName, BusPath, BusName, member, signature, args, timeout, cancellationToken);

    private static T ExpectBody<T>(DBusMessage reply, string signature)
    {
        if (reply.Signature != signature)
        {
            throw new DBusProtocolException($"Expected a reply of signature '{signature}', got '{reply.Signature}'.");
        }

        return (T)reply.Body[0];
    }

    private uint NextSerial()
    {
        var serial = (uint)Interlocked.Increment(ref _serial);
        return serial == 0 ? (uint)Interlocked.Increment(ref _serial) : serial;
    }

    private void SendWithSerial(DBusMessage message, uint serial)
    {
        if (_closed.IsCancellationRequested || Volatile.Read(ref _disposed) != 0)
        {
            throw new DBusConnectionException("The D-Bus connection is closed.", _closeReason ?? new ObjectDisposedException(nameof(DBusConnection)));
        }

        var fds = new List<SafeHandle>();
        var bytes = MessageCodec.Encode(message, serial, fds);
        if (fds.Count > 0 && !UnixFdPassingEnabled)
        {
            throw new InvalidOperationException("This connection cannot pass unix fds: the daemon did not agree to NEGOTIATE_UNIX_FD.");
        }

        lock (_sendLock)
        {
            try
            {
                _transport.Send(bytes, CollectionsMarshal.AsSpan(fds));
            }
            catch (DBusConnectionException e)
            {
                // A partial write leaves the stream unusable.
                _transport.Shutdown();
                Close(e);
                throw;
            }
        }
    }

    private void StartReader()
    {
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "D-Bus reader" };
        _reader.Start();
    }

    private void ReadLoop()
    {
        Exception? reason = null;
        try
        {
            var fixedHeader = new byte[MessageCodec.FixedHeaderSize];
            while (_transport.ReceiveExactly(fixedHeader))
            {
                var length = MessageCodec.GetMessageLength(fixedHeader, _options.MaxMessageSize);
                var data = new byte[length];
                fixedHeader.CopyTo(data, 0);
                if (!_transport.ReceiveExactly(data.AsSpan(MessageCodec.FixedHeaderSize)))
                {
                    throw new DBusConnectionException("The D-Bus connection was closed in the middle of a message.");
                }

                // The kernel delivers a message's descriptors with its first byte and never merges them
                // across messages, so what arrived while reading this message belongs to it.
                var fds = _transport.TakeFds(_transport.PendingFdCount);
                DBusMessage message;
                try
                {
                    message = MessageCodec.Decode(data, fds, _options.MaxMessageSize);
                }
                catch
                {
                    foreach (var fd in fds)
                    {
                        fd.Dispose();
                    }

                    throw;
                }

                DispatchContained(message);
            }
        }
        catch (Exception e) when (e is DBusConnectionException or DBusProtocolException)
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                Log.ConnectionLost(_logger, e.Message);
                reason = e;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Anything else on the reader thread (a decoder bug on a malformed message, the transport failing in an
            // unforeseen way) ends this connection with the reason, like a protocol error; never the process.
            if (Volatile.Read(ref _disposed) == 0)
            {
                Log.ReaderFailed(_logger, e);
                reason = new DBusConnectionException("The D-Bus reader failed: " + e.Message, e);
            }
        }

        Close(reason ?? (Volatile.Read(ref _disposed) == 0 ? new DBusConnectionException("The D-Bus daemon closed the connection.") : null));
    }

    /// <summary>One message's handling fails alone: it is logged and dropped, and the reader goes on with the next.</summary>
    private void DispatchContained(DBusMessage message)
    {
        try
        {
            Dispatch(message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.DispatchFailed(_logger, message.Type, message.Serial, e);
            message.DisposeUnixFds();
        }
    }

    private void Dispatch(DBusMessage message)
    {
        switch (message.Type)
        {
            case DBusMessageType.MethodReturn or DBusMessageType.Error:
                if (message.ReplySerial is { } replySerial && _pending.TryRemove(replySerial, out var tcs))
                {
                    tcs.TrySetResult(message);
                }
                else
                {
                    message.DisposeUnixFds();
                }

                break;
            case DBusMessageType.Signal:
                foreach (var subscription in Volatile.Read(ref _subscriptions).Items)
                {
                    subscription.Deliver(message, _logger);
                }

                break;
            case DBusMessageType.MethodCall:
                _ = Task.Run(() => HandleMethodCallAsync(message));
                break;
            default:
                break;
        }
    }

    private async Task HandleMethodCallAsync(DBusMessage call)
    {
        DBusMessage answer;
        try
        {
            DBusReply reply;
            if (call.Interface == "org.freedesktop.DBus.Peer" && call.Member == "Ping")
            {
                reply = DBusReply.Empty;
            }
            else if (_objects.TryGetValue(call.Path!, out var target))
            {
                reply = await target.HandleMethodCallAsync(call, _closed.Token).ConfigureAwait(false);
            }
            else
            {
                throw new DBusErrorException("org.freedesktop.DBus.Error.UnknownObject", $"No object at {call.Path}.");
            }

            answer = new DBusMessage
            {
                Type = DBusMessageType.MethodReturn,
                Flags = DBusMessageFlags.NoReplyExpected,
                ReplySerial = call.Serial,
                Destination = call.Sender,
                Signature = reply.Signature,
                Body = reply.Body,
            };
        }
        catch (DBusErrorException e)
        {
            answer = ErrorReply(call, e.ErrorName, e.ErrorMessage);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.HandlerFailed(_logger, call.Path, call.Member, e);
            answer = ErrorReply(call, "org.freedesktop.DBus.Error.Failed", e.Message);
        }

        if ((call.Flags & DBusMessageFlags.NoReplyExpected) != 0)
        {
            return;
        }

        try
        {
            Send(answer);
        }
        catch (Exception e) when (e is DBusConnectionException or ArgumentException or DBusProtocolException or InvalidOperationException)
        {
            Log.ReplyFailed(_logger, call.Member, e.Message);
            if (e is not DBusConnectionException)
            {
                TrySend(ErrorReply(call, "org.freedesktop.DBus.Error.Failed", "The reply could not be marshalled: " + e.Message));
            }
        }
    }

    private void TrySend(DBusMessage message)
    {
        try
        {
            Send(message);
        }
        catch (Exception e) when (e is DBusConnectionException or ArgumentException)
        {
            Log.ReplyFailed(_logger, message.Member, e.Message);
        }
    }

    private static DBusMessage ErrorReply(DBusMessage call, string name, string text) => new()
    {
        Type = DBusMessageType.Error,
        Flags = DBusMessageFlags.NoReplyExpected,
        ReplySerial = call.Serial,
        Destination = call.Sender,
        ErrorName = name,
        Signature = "s",
        Body = [text],
    };

    private void Close(Exception? reason)
    {
        if (_closed.IsCancellationRequested)
        {
            return;
        }

        _closeReason = reason;
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        var failure = new DBusConnectionException("The D-Bus connection is closed" + (reason is null ? "." : ": " + reason.Message), reason ?? new ObjectDisposedException(nameof(DBusConnection)));
        foreach (var (serial, tcs) in _pending)
        {
            _pending.TryRemove(serial, out _);
            tcs.TrySetException(failure);
        }

        if (reason is null)
        {
            _completion.TrySetResult();
        }
        else
        {
            _completion.TrySetException(reason);
        }
    }

    private sealed class Registration(Action remove) : IDisposable
    {
        private Action? _remove = remove;

        public void Dispose() => Interlocked.Exchange(ref _remove, null)?.Invoke();
    }

    /// <summary>Copy-on-write list so the reader thread iterates without locking.</summary>
    private sealed class ImmutableSubscriptions
    {
        public static readonly ImmutableSubscriptions Empty = new([]);

        private ImmutableSubscriptions(DBusSubscription[] items) => Items = items;

        public DBusSubscription[] Items { get; }

        public ImmutableSubscriptions Add(DBusSubscription item) => new([.. Items, item]);

        public ImmutableSubscriptions Remove(DBusSubscription item) =>
            Array.IndexOf(Items, item) < 0 ? this : new(Items.Where(i => !ReferenceEquals(i, item)).ToArray());
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.Connected, Level = LogLevel.Debug, Message = "Connected to D-Bus as {UniqueName} (unix fd passing: {UnixFds})")]
        public static partial void Connected(ILogger logger, string uniqueName, bool unixFds);

        [LoggerMessage(EventId = EventIds.ConnectionLost, Level = LogLevel.Warning, Message = "D-Bus connection lost: {Reason}")]
        public static partial void ConnectionLost(ILogger logger, string reason);

        [LoggerMessage(EventId = EventIds.ObjectHandlerFailed, Level = LogLevel.Warning, Message = "D-Bus object handler for {Path} {Member} failed")]
        public static partial void HandlerFailed(ILogger logger, string? path, string? member, Exception exception);

        [LoggerMessage(EventId = EventIds.ReplyFailed, Level = LogLevel.Warning, Message = "Could not send the reply to {Member}: {Reason}")]
        public static partial void ReplyFailed(ILogger logger, string? member, string reason);

        [LoggerMessage(EventId = EventIds.SignalHandlerFailed, Level = LogLevel.Warning, Message = "D-Bus signal handler for {Rule} threw")]
        public static partial void SignalHandlerFailed(ILogger logger, string rule, Exception exception);

        [LoggerMessage(EventId = EventIds.ReaderFailed, Level = LogLevel.Error, Message = "The D-Bus reader failed; the connection closes")]
        public static partial void ReaderFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = EventIds.DispatchFailed, Level = LogLevel.Warning, Message = "Handling D-Bus {Type} message {Serial} failed; it is dropped")]
        public static partial void DispatchFailed(ILogger logger, DBusMessageType type, uint serial, Exception exception);
    }

    internal static void LogSignalHandlerFailed(ILogger logger, string rule, Exception exception) => Log.SignalHandlerFailed(logger, rule, exception);
}
