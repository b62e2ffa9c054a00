namespace WlWebRtc.DBus.Portals;

/// <summary>
/// A portal session object (org.freedesktop.portal.Session): its handle, its Closed signal, and Close.
/// Subscribed to Closed before the session is created, so a close right after creation is not missed.
/// </summary>
internal sealed class PortalSession : IAsyncDisposable
{
    private readonly DBusConnection _connection;
    private readonly PortalTimeouts _timeouts;
    private readonly DBusSubscription _closedSubscription;
    private readonly TaskCompletionSource _closed;
    private int _disposed;

    private PortalSession(DBusConnection connection, string handle, PortalTimeouts timeouts, DBusSubscription subscription, TaskCompletionSource closed)
    {
        _connection = connection;
        Handle = new ObjectPath(handle);
        _timeouts = timeouts;
        _closedSubscription = subscription;
        _closed = closed;
        _ = connection.Completion.ContinueWith(
            t => _closed.TrySetException(new DBusConnectionException("The D-Bus connection carrying the portal session was lost.", t.Exception?.InnerException ?? new OperationCanceledException())),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    public ObjectPath Handle { get; }

    /// <summary>Completes when the portal closes the session (Session.Closed); faulted when the connection is lost.</summary>
    public Task Closed => _closed.Task;

    /// <summary>CreateSession on <paramref name="interface"/>.</summary>
    public static async Task<PortalSession> CreateAsync(DBusConnection connection, string @interface, PortalTimeouts timeouts, CancellationToken cancellationToken)
    {
        var sessionToken = PortalRequest.NewToken("wlwebrtc_session");
        var expected = PortalRequest.PathFor(connection, "session", sessionToken);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = await connection.SubscribeAsync(
            new MatchRule { Sender = PortalNames.Service, Path = expected, Interface = PortalNames.Session, Member = "Closed" },
            _ => closed.TrySetResult(),
            cancellationToken).ConfigureAwait(false);
        try
        {
            var results = await PortalRequest.CallAsync(
                connection, @interface, "CreateSession", string.Empty, [],
                new Dictionary<string, DBusVariant> { ["session_handle_token"] = new("s", sessionToken) },
                timeouts, cancellationToken).ConfigureAwait(false);
            if (!results.TryGetValue("session_handle", out var handle))
            {
                throw new DBusProtocolException("CreateSession's Response has no session_handle.");
            }

            // Portals answer with the handle as a string ('s') or, in some versions, as an object path ('o').
            var path = handle.Value switch
            {
                string s => s,
                ObjectPath o => o.Value,
                _ => throw new DBusProtocolException($"CreateSession's session_handle has type '{handle.Signature}'."),
            };
            if (path != expected)
            {
                throw new DBusProtocolException($"The portal created the session {path}, not the requested {expected}.");
            }

            return new PortalSession(connection, path, timeouts, subscription, closed);
        }
        catch
        {
            subscription.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _closedSubscription.Dispose();
        if (!_closed.Task.IsCompleted)
        {
            try
            {
                await _connection.CallMethodAsync(PortalNames.Service, Handle.Value, PortalNames.Session, "Close", timeout: _timeouts.Call).ConfigureAwait(false);
            }
            catch (Exception e) when (e is DBusErrorException or DBusTimeoutException or DBusConnectionException)
            {
                // Already closed by the portal, or the bus is gone (which closes the session too).
            }

            _closed.TrySetResult();
        }
    }
}
