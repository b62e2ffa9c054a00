using System.Globalization;
using Microsoft.Extensions.Logging;
using WlWebRtc.DBus;
using WlWebRtc.DBus.Portals;
using WlWebRtc.Input.PortalRemoteDesktop.Injection;
using WlWebRtc.Plugins;

namespace WlWebRtc.Input.PortalRemoteDesktop;

/// <summary>
/// Input for GNOME and KDE through the xdg-desktop-portal RemoteDesktop interface. The portal session should be the
/// capture's own (one permission and one restore token for both); the contracts have no cross-plugin type for that yet,
/// so this plugin starts its own RemoteDesktop session with a monitor cast selected (its stream is what absolute
/// motion refers to).
/// </summary>
public sealed partial class PortalRemoteDesktopPlugin : IInputPlugin
{
    /// <summary>The plugin's name in the config.</summary>
    public const string Name = "portal-remotedesktop";

    /// <inheritdoc />
    public PluginMetadata Metadata { get; } = new(Name, PluginKind.Input, typeof(PortalRemoteDesktopPlugin).Assembly.GetName().Version!, 100,
        "Pointer and keyboard through the xdg-desktop-portal RemoteDesktop interface (GNOME, KDE)")
    {
        Requires = HardwareRequirements.RemoteDesktopPortal,
        ProbeIsolation = ProbeIsolation.InProcess,
    };

    /// <inheritdoc />
    public ValueTask<ProbeResult> ProbeAsync(PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var portal = context.Hardware.Session.RemoteDesktopPortal;
        if (!portal.Status.IsPresent)
        {
            return ValueTask.FromResult(ProbeResult.Unavailable("no RemoteDesktop portal on the session bus (" + portal.Status.Reason + ")"));
        }

        const uint keyboardAndPointer = 3;
        if (portal.AvailableSourceTypes is { } devices && (devices & keyboardAndPointer) == 0)
        {
            return ValueTask.FromResult(ProbeResult.Unavailable($"the RemoteDesktop portal offers device types {devices}, neither keyboard nor pointer"));
        }

        return ValueTask.FromResult(ProbeResult.Available(string.Create(CultureInfo.InvariantCulture,
            $"RemoteDesktop portal v{portal.Version?.ToString(CultureInfo.InvariantCulture) ?? "?"}, device types {portal.AvailableSourceTypes?.ToString(CultureInfo.InvariantCulture) ?? "?"}")));
    }

    /// <inheritdoc />
    public async ValueTask<IInputInjector> CreateInjectorAsync(InputTarget target, PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(context);
        var logger = context.LoggerFactory.CreateLogger("WlWebRtc.Input.PortalRemoteDesktop");
        var connection = await DBusConnection.ConnectSessionAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            var timeouts = new PortalTimeouts();
            var session = await new RemoteDesktopPortal(connection).StartAsync(
                new RemoteDesktopOptions { ScreenCast = new ScreenCastOptions(), Persist = false, Timeouts = timeouts },
                cancellationToken).ConfigureAwait(false);
            var stream = session.Streams.Count > 0 ? session.Streams[0] : null;
            Log.OwnSession(logger, session.Handle.ToString(), stream?.NodeId ?? 0, session.Devices.ToString());
            var owned = new SessionAndConnection(session, connection);
            var notifier = new DBusRemoteDesktopNotifier(connection, PortalNames.Service, session.Handle, stream?.NodeId, timeouts.Call, owned);
            return new PortalInputInjector(notifier, stream?.Width ?? target.Width, stream?.Height ?? target.Height);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private sealed class SessionAndConnection(RemoteDesktopSession session, DBusConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await session.DisposeAsync().ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Started an own RemoteDesktop portal session {Session} (stream node {Node}, devices {Devices}); the capture's session is not shared")]
        public static partial void OwnSession(ILogger logger, string session, uint node, string devices);
    }
}
