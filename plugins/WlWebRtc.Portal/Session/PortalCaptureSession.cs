using Microsoft.Extensions.Logging;
using WlWebRtc.Portal.Configuration;
using WlWebRtc.DBus;
using WlWebRtc.DBus.Portals;

namespace WlWebRtc.Portal.Session;

/// <summary>
/// A started portal session with a cast on its own session-bus connection (the session lives as long as that
/// connection), with the PipeWire fd the portal opened for it. Started through ScreenCast, or through RemoteDesktop
/// when an input plugin shares it (see <see cref="SessionPlan"/>). Disposing closes the session, then the connection.
/// </summary>
internal sealed partial class PortalCaptureSession : IPortalScreenCastFeature, IAsyncDisposable
{
    private readonly StartedPortalSession _session;
    private int _disposed;

    private PortalCaptureSession(DBusConnection connection, StartedPortalSession session, SessionPlan plan)
    {
        Connection = connection;
        _session = session;
        Plan = plan;
    }

    public DBusConnection Connection { get; }

    public string SessionHandle => _session.Handle.Value;

    public IReadOnlyList<ScreenCastStreamInfo> Streams => _session.Streams;

    public CursorModes CursorMode => _session.CursorMode;

    public string? RestoreToken => _session.RestoreToken;

    public Task Closed => _session.Closed;

    /// <summary>Which interface started the session, and why.</summary>
    public SessionPlan Plan { get; }

    /// <summary>Input through this session, when it was started through RemoteDesktop; else null.</summary>
    public RemoteDesktopSessionFeature? RemoteDesktop => _session.RemoteDesktop;

    /// <summary>Whether this side closed the session (disposal), as opposed to the compositor or the bus.</summary>
    public bool ClosedByUs => Volatile.Read(ref _disposed) != 0;

    /// <summary>
    /// On a new session-bus connection: chooses ScreenCast or RemoteDesktop (<see cref="SessionPlan"/>), runs that
    /// handshake, then OpenPipeWireRemote. Returns the session and the PipeWire fd (owned by the caller).
    /// </summary>
    public static async Task<(PortalCaptureSession Session, int PipeWireFd)> OpenAsync(
        PortalCaptureOptions options, bool inputRequested, PortalEnvironment environment, ILogger logger, CancellationToken cancellationToken)
    {
        var address = environment.ResolveBusAddress();
        var connection = await DBusConnection.ConnectAsync(address, new DBusConnectionOptions { DefaultTimeout = TimeSpan.FromSeconds(10) }, cancellationToken).ConfigureAwait(false);
        StartedPortalSession? session = null;
        var plan = new SessionPlan(PortalSessionKind.ScreenCast, "not chosen yet");
        try
        {
            plan = await SessionPlan.ChooseAsync(connection, options.RemoteDesktop, inputRequested, cancellationToken).ConfigureAwait(false);
            Log.Starting(logger, plan.Kind, plan.Reason);
            session = await PortalSessionStarter.StartAsync(connection, plan, options, environment, logger, cancellationToken).ConfigureAwait(false);
            using var fd = await session.OpenPipeWireRemoteAsync(cancellationToken).ConfigureAwait(false);
            var result = new PortalCaptureSession(connection, session, plan);
            Log.Opened(logger, plan.Kind, session.Handle.Value, session.Streams[0].NodeId, session.CursorMode, session.RestoreToken is not null, session.RemoteDesktop?.Devices.ToString() ?? "none");
            return (result, fd.DetachDescriptor());
        }
        catch (PortalRequestException exception)
        {
            await CloseAsync(connection, session).ConfigureAwait(false);
            throw new PortalCaptureException($"Screen capture is not available: {Describe(exception, plan.Kind)}. {exception.Message}", exception);
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

    private static string Describe(PortalRequestException exception, PortalSessionKind kind)
    {
        var what = kind == PortalSessionKind.RemoteDesktop ? "remote desktop session (screen and input)" : "screen cast";
        var hint = kind == PortalSessionKind.RemoteDesktop ? " (set [capture.portal] remote_desktop = \"never\" to ask for the screen only)" : string.Empty;
        return exception.Response switch
        {
            PortalResponse.Cancelled => $"the {what} was cancelled in the portal's dialog: nothing is shared{hint}",
            PortalResponse.Failed => $"the {what} was denied (or failed) by the portal or the compositor{hint}",
            _ => $"the {kind} portal refused the {what}{hint}",
        };
    }

    private static async Task CloseAsync(DBusConnection connection, StartedPortalSession? session)
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
        [LoggerMessage(EventIds.PortalSessionOpened, LogLevel.Information, "{Kind} portal session {Session}: PipeWire node {NodeId}, cursor {CursorMode}, restore token {HasToken}, input devices {Devices}")]
        public static partial void Opened(ILogger logger, PortalSessionKind kind, string session, uint nodeId, CursorModes cursorMode, bool hasToken, string devices);

        [LoggerMessage(EventIds.PortalSessionStarting, LogLevel.Information, "Starting the portal capture through the {Kind} portal: {Reason}")]
        public static partial void Starting(ILogger logger, PortalSessionKind kind, string reason);
    }
}
