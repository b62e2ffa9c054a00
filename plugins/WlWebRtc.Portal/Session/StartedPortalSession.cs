using WlWebRtc.DBus;
using WlWebRtc.DBus.Portals;

namespace WlWebRtc.Portal.Session;

/// <summary>
/// A started portal session with a cast, whichever interface started it: what the capture needs (streams, cursor
/// mode, the PipeWire remote) and, for a RemoteDesktop session, the input feature. Disposing closes the session.
/// </summary>
internal sealed class StartedPortalSession : IAsyncDisposable
{
    private readonly IAsyncDisposable _session;
    private readonly Func<CancellationToken, Task<UnixFdHandle>> _openPipeWireRemote;

    private StartedPortalSession(
        IAsyncDisposable session,
        PortalSessionKind kind,
        ObjectPath handle,
        IReadOnlyList<ScreenCastStreamInfo> streams,
        CursorModes cursorMode,
        string? restoreToken,
        Task closed,
        Func<CancellationToken, Task<UnixFdHandle>> openPipeWireRemote,
        RemoteDesktopSessionFeature? remoteDesktop)
    {
        _session = session;
        Kind = kind;
        Handle = handle;
        Streams = streams;
        CursorMode = cursorMode;
        RestoreToken = restoreToken;
        Closed = closed;
        _openPipeWireRemote = openPipeWireRemote;
        RemoteDesktop = remoteDesktop;
    }

    public PortalSessionKind Kind { get; }

    public ObjectPath Handle { get; }

    public IReadOnlyList<ScreenCastStreamInfo> Streams { get; }

    public CursorModes CursorMode { get; }

    public string? RestoreToken { get; }

    public Task Closed { get; }

    /// <summary>Input through the same session; null for a ScreenCast session.</summary>
    public RemoteDesktopSessionFeature? RemoteDesktop { get; }

    public static StartedPortalSession From(ScreenCastSession session) => new(
        session, PortalSessionKind.ScreenCast, session.Handle, session.Streams, session.CursorMode, session.RestoreToken, session.Closed,
        session.OpenPipeWireRemoteAsync, remoteDesktop: null);

    /// <summary>Wraps a RemoteDesktop session started with a cast; its first stream is what absolute motion refers to.</summary>
    public static StartedPortalSession From(RemoteDesktopSession session) => new(
        session, PortalSessionKind.RemoteDesktop, session.Handle, session.Streams, session.CursorMode, session.RestoreToken, session.Closed,
        session.OpenPipeWireRemoteAsync, new RemoteDesktopSessionFeature(session, session.Streams[0]));

    public Task<UnixFdHandle> OpenPipeWireRemoteAsync(CancellationToken cancellationToken) => _openPipeWireRemote(cancellationToken);

    public ValueTask DisposeAsync() => _session.DisposeAsync();
}
