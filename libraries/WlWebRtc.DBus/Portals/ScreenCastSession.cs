namespace WlWebRtc.DBus.Portals;

/// <summary>A started ScreenCast session. Dispose it to close the session.</summary>
public sealed class ScreenCastSession : IAsyncDisposable
{
    private readonly DBusConnection _connection;
    private readonly PortalSession _session;
    private readonly PortalTimeouts _timeouts;

    internal ScreenCastSession(DBusConnection connection, PortalSession session, IReadOnlyList<ScreenCastStreamInfo> streams, ScreenCastSourceTypes sourceTypes, CursorModes cursorMode, string? restoreToken, PortalTimeouts timeouts)
    {
        _connection = connection;
        _session = session;
        Streams = streams;
        SourceTypes = sourceTypes;
        CursorMode = cursorMode;
        RestoreToken = restoreToken;
        _timeouts = timeouts;
    }

    public ObjectPath Handle => _session.Handle;

    public IReadOnlyList<ScreenCastStreamInfo> Streams { get; }

    public ScreenCastSourceTypes SourceTypes { get; }

    /// <summary>The cursor mode asked for (None when the portal is too old to take one).</summary>
    public CursorModes CursorMode { get; }

    /// <summary>The token a later session can restore from (persist_mode=2), when the portal gave one.</summary>
    public string? RestoreToken { get; }

    /// <summary>Completes when the compositor/portal closes the session; faulted when the D-Bus connection is lost.</summary>
    public Task Closed => _session.Closed;

    /// <summary>OpenPipeWireRemote: a PipeWire socket fd for this session's streams, owned by the caller.</summary>
    public Task<UnixFdHandle> OpenPipeWireRemoteAsync(CancellationToken cancellationToken = default) =>
        OpenPipeWireRemoteAsync(_connection, Handle, _timeouts, cancellationToken);

    public ValueTask DisposeAsync() => _session.DisposeAsync();

    internal static async Task<UnixFdHandle> OpenPipeWireRemoteAsync(DBusConnection connection, ObjectPath session, PortalTimeouts timeouts, CancellationToken cancellationToken)
    {
        if (!connection.UnixFdPassingEnabled)
        {
            throw new InvalidOperationException("OpenPipeWireRemote needs unix fd passing, which this D-Bus connection did not negotiate.");
        }

        var reply = await connection.CallMethodAsync(
            PortalNames.Service, PortalNames.ObjectPath, PortalNames.ScreenCast, "OpenPipeWireRemote", "oa{sv}",
            [session, new Dictionary<string, DBusVariant>()], timeouts.Call, cancellationToken).ConfigureAwait(false);
        if (reply.Signature != "h")
        {
            reply.DisposeUnixFds();
            throw new DBusProtocolException($"OpenPipeWireRemote answered with signature '{reply.Signature}' instead of 'h'.");
        }

        return (UnixFdHandle)reply.Body[0];
    }
}
