using WlWebRtc.Portal.Configuration;
using WlWebRtc.DBus;
using WlWebRtc.DBus.Portals;
using Microsoft.Extensions.Logging;

namespace WlWebRtc.Portal.Session;

/// <summary>Runs the portal handshake the plan chose: ScreenCast alone, or RemoteDesktop with a cast on the same session.</summary>
internal static class PortalSessionStarter
{
    /// <summary>The restore token of a capture started through RemoteDesktop (it restores devices and sources together).</summary>
    public const string RemoteDesktopTokenKey = "capture-remotedesktop";

    public static async Task<StartedPortalSession> StartAsync(
        DBusConnection connection, SessionPlan plan, PortalCaptureOptions options, PortalEnvironment environment, ILogger logger, CancellationToken cancellationToken)
    {
        var cast = new ScreenCastOptions
        {
            SourceTypes = (ScreenCastSourceTypes)(uint)options.SourceTypes,
            CursorPreference = PortalCaptureSession.CursorPreference(options.CursorMode),
            Persist = options.PersistRestoreToken,
            TokenStore = environment.TokenStore(),
        };
        if (plan.Kind == PortalSessionKind.ScreenCast)
        {
            return StartedPortalSession.From(await new ScreenCastPortal(connection, logger).StartAsync(cast, cancellationToken).ConfigureAwait(false));
        }

        var remote = new RemoteDesktopOptions
        {
            DeviceTypes = RemoteDesktopDeviceTypes.Keyboard | RemoteDesktopDeviceTypes.Pointer,
            ScreenCast = cast,
            Persist = options.PersistRestoreToken,
            TokenStore = cast.TokenStore,
            TokenKey = RemoteDesktopTokenKey,
        };
        var session = await new RemoteDesktopPortal(connection).StartAsync(remote, cancellationToken).ConfigureAwait(false);
        if (session.Streams.Count == 0)
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw new PortalRequestException("The RemoteDesktop portal started the session but returned no screen-cast stream.");
        }

        return StartedPortalSession.From(session);
    }
}
