using Microsoft.Extensions.Logging;
using WlWebRtc.Capture.Portal.Configuration;
using WlWebRtc.DBus;
using WlWebRtc.DBus.Portals;

namespace WlWebRtc.Capture.Portal.Session;

/// <summary>
/// A started ScreenCast portal session on its own session-bus connection (the session lives as long as that
/// connection), with the PipeWire fd the portal opened for it. Disposing closes the session, then the connection.
/// </summary>
internal sealed partial class PortalCaptureSession : IPortalScreenCastFeature, IAsyncDisposable
{
    private readonly ScreenCastSession _session;
    private int _disposed;

    private PortalCaptureSession(DBusConnection connection, ScreenCastSession session)
    {
        Connection = connection;
        _session = session;
    }

    public DBusConnection Connection { get; }

    public string SessionHandle => _session.Handle.Value;

    public IReadOnlyList<ScreenCastStreamInfo> Streams => _session.Streams;

    public CursorModes CursorMode => _session.CursorMode;

    public string? RestoreToken => _session.RestoreToken;

    public Task Closed => _session.Closed;

    /// <summary>Whether this side closed the session (disposal), as opposed to the compositor or the bus.</summary>
    public bool ClosedByUs => Volatile.Read(ref _disposed) != 0;

    /// <summary>
    /// CreateSession → SelectSources → Start on a new session-bus connection, then OpenPipeWireRemote.
    /// Returns the session and the PipeWire fd (owned by the caller).
    /// </summary>
    public static async Task<(PortalCaptureSession Session, int PipeWireFd)> OpenAsync(
        PortalCaptureOptions options, PortalEnvironment environment, ILogger logger, CancellationToken cancellationToken)
    {
        var address = environment.ResolveBusAddress();
        var connection = await DBusConnection.ConnectAsync(address, new DBusConnectionOptions { DefaultTimeout = TimeSpan.FromSeconds(10) }, cancellationToken).ConfigureAwait(false);
        ScreenCastSession? session = null;
        try
        {
            var castOptions = new ScreenCastOptions
            {
                SourceTypes = (ScreenCastSourceTypes)(uint)options.SourceTypes,
                CursorPreference = CursorPreference(options.CursorMode),
                Persist = options.PersistRestoreToken,
                TokenStore = environment.TokenStore(),
            };
            session = await new ScreenCastPortal(connection, logger).StartAsync(castOptions, cancellationToken).ConfigureAwait(false);
            using var fd = await session.OpenPipeWireRemoteAsync(cancellationToken).ConfigureAwait(false);
            var result = new PortalCaptureSession(connection, session);
            Log.Opened(logger, session.Handle.Value, session.Streams[0].NodeId, session.CursorMode, session.RestoreToken is not null);
            return (result, fd.DetachDescriptor());
        }
        catch (PortalRequestException exception)
        {
            await CloseAsync(connection, session).ConfigureAwait(false);
            var what = exception.Response switch
            {
                PortalResponse.Cancelled => "the screen cast was cancelled in the portal's dialog: nothing is shared",
                PortalResponse.Failed => "the screen cast was denied (or failed) by the portal or the compositor",
                _ => "the ScreenCast portal refused the screen cast",
            };
            throw new PortalCaptureException($"Screen capture is not available: {what}. {exception.Message}", exception);
        }
        catch
        {
            await CloseAsync(connection, session).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Auto and metadata prefer metadata (the cursor then travels beside the frames) and fall back to embedded.</summary>
    internal static IReadOnlyList<CursorModes> CursorPreference(Configuration.CursorMode mode) => mode switch
    {
        Configuration.CursorMode.Hidden => [CursorModes.Hidden],
        Configuration.CursorMode.Embedded => [CursorModes.Embedded],
        _ => [CursorModes.Metadata, CursorModes.Embedded],
    };

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await CloseAsync(Connection, _session).ConfigureAwait(false);
    }

    private static async Task CloseAsync(DBusConnection connection, ScreenCastSession? session)
    {
        try
        {
            if (session is not null)
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "ScreenCast portal session {Session}: PipeWire node {NodeId}, cursor {CursorMode}, restore token {HasToken}")]
        public static partial void Opened(ILogger logger, string session, uint nodeId, CursorModes cursorMode, bool hasToken);
    }
}
