using System.Globalization;
using Microsoft.Extensions.Logging;
using WlWebRtc.DBus;
using WlWebRtc.DBus.Portals;
using WlWebRtc.Input;
using WlWebRtc.Plugins;
using WlWebRtc.Portal.Injection;
using WlWebRtc.Portal.Probing;
using WlWebRtc.Portal.Session;

namespace WlWebRtc.Portal;

/// <summary>
/// Input for GNOME and KDE through the xdg-desktop-portal RemoteDesktop interface. When the capture started its portal
/// session through RemoteDesktop it offers that session (<see cref="IRemoteDesktopSessionFeature"/>, internal to this
/// assembly, which declares both plugins), and input travels through that
/// session (one permission and one restore token for both). Otherwise this plugin starts a RemoteDesktop session of
/// its own with a monitor cast selected (its stream is what absolute motion refers to), which asks a second time.
/// </summary>
public sealed partial class PortalRemoteDesktopPlugin : IInputPlugin
{
    /// <summary>The plugin's name in the config.</summary>
    public const string Name = "portal-remotedesktop";

    private readonly string? _busAddress;

    /// <summary>Creates the plugin; its own session (when the capture offers none) goes over the session bus.</summary>
    public PortalRemoteDesktopPlugin()
        : this(busAddress: null)
    {
    }

    /// <summary>For tests: the bus of the plugin's own session (null = the session bus).</summary>
    internal PortalRemoteDesktopPlugin(string? busAddress)
    {
        _busAddress = busAddress;
    }

    /// <inheritdoc />
    public PluginMetadata Metadata { get; } = new(Name, PluginKind.Input, typeof(PortalRemoteDesktopPlugin).Assembly.GetName().Version!, 100,
        "Pointer and keyboard through the xdg-desktop-portal RemoteDesktop interface (GNOME, KDE)")
    {
        ProbeIsolation = ProbeIsolation.InProcess,
    };

    /// <summary>Asks the session bus for the RemoteDesktop portal (the host knows nothing about portals).</summary>
    public async ValueTask<ProbeResult> ProbeAsync(PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var portals = await SessionBusPortals.ProbeAsync(_busAddress, SessionBusPortals.Timeout, cancellationToken).ConfigureAwait(false);
        return Evaluate(portals.RemoteDesktop);
    }

    /// <summary>The probe's verdict from what the bus said about the RemoteDesktop portal.</summary>
    internal static ProbeResult Evaluate(PortalInterfaceInfo portal)
    {
        if (!portal.Available)
        {
            return ProbeResult.Unavailable("no RemoteDesktop portal on the session bus (" + SessionBusPortals.Reason(portal) + ")");
        }

        const uint keyboardAndPointer = 3;
        if (portal.DeviceTypes is { } devices && (devices & keyboardAndPointer) == 0)
        {
            return ProbeResult.Unavailable($"the RemoteDesktop portal offers device types {devices}, neither keyboard nor pointer");
        }

        // Which capture runs is not known here; the portal capture (remote_desktop = "auto") starts through RemoteDesktop
        // because an input plugin is selected, so the shared session is what a portal capture gives.
        return ProbeResult.Available(string.Create(CultureInfo.InvariantCulture,
            $"RemoteDesktop portal v{portal.Version}, device types {portal.DeviceTypes?.ToString(CultureInfo.InvariantCulture) ?? "?"}; input shares the capture's portal session when the capture is \"portal\" (remote_desktop = \"auto\"), else starts a RemoteDesktop session of its own (a second permission)"));
    }

    /// <inheritdoc />
    public async ValueTask<IInputInjector> CreateInjectorAsync(InputTarget target, PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(context);
        var logger = context.LoggerFactory.CreateLogger("WlWebRtc.Input.PortalRemoteDesktop");
        if (target.Source.GetFeature<IRemoteDesktopSessionFeature>() is { } shared)
        {
            return CreateShared(shared, target, logger);
        }

        Log.NoSharedSession(logger, target.Source.Description);
        var connection = _busAddress is null
            ? await DBusConnection.ConnectSessionAsync(cancellationToken: cancellationToken).ConfigureAwait(false)
            : await DBusConnection.ConnectAsync(_busAddress, cancellationToken: cancellationToken).ConfigureAwait(false);
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

    /// <summary>Input through the capture's own session: coordinates in the stream's logical pixels.</summary>
    internal static PortalInputInjector CreateShared(IRemoteDesktopSessionFeature feature, InputTarget target, ILogger logger)
    {
        if (feature.Closed.IsCompleted)
        {
            throw new InvalidOperationException("The capture's RemoteDesktop portal session has already ended, so input cannot be injected through it.");
        }

        if ((feature.Devices & (RemoteDesktopDevices.Keyboard | RemoteDesktopDevices.Pointer)) != (RemoteDesktopDevices.Keyboard | RemoteDesktopDevices.Pointer))
        {
            Log.MissingDevices(logger, feature.Devices.ToString());
        }

        var (width, height) = feature.StreamWidth > 0 && feature.StreamHeight > 0
            ? (feature.StreamWidth, feature.StreamHeight)
            : (target.Width, target.Height);
        Log.SharedSession(logger, feature.StreamNodeId, feature.Devices.ToString(), width, height);
        return new PortalInputInjector(new SharedSessionNotifier(feature, logger), width, height);
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
        [LoggerMessage(EventIds.OwnRemoteDesktopSession, LogLevel.Information, "Started an own RemoteDesktop portal session {Session} (stream node {Node}, devices {Devices}); the capture's session is not shared")]
        public static partial void OwnSession(ILogger logger, string session, uint node, string devices);

        [LoggerMessage(EventIds.SharedRemoteDesktopSession, LogLevel.Information, "Input through the capture's RemoteDesktop portal session: stream node {Node}, devices {Devices}, {Width}x{Height} logical pixels; no second session")]
        public static partial void SharedSession(ILogger logger, uint node, string devices, int width, int height);

        [LoggerMessage(EventIds.MissingInputDevices, LogLevel.Warning, "The capture's RemoteDesktop portal session grants devices {Devices}, not both keyboard and pointer: events for a missing device will fail")]
        public static partial void MissingDevices(ILogger logger, string devices);

        [LoggerMessage(EventIds.NoSharedSession, LogLevel.Warning, "The capture source {Source} offers no RemoteDesktop portal session: the capture is not the portal plugin, or it started a plain ScreenCast (no RemoteDesktop portal, [capture.portal] remote_desktop = \"never\", or input was not requested; see the capture's log). Starting a RemoteDesktop session of our own, which asks for a second permission")]
        public static partial void NoSharedSession(ILogger logger, string source);
    }
}
