using System.Globalization;
using WlWebRtc.Portal.Configuration;
using WlWebRtc.DBus;
using WlWebRtc.DBus.Portals;

namespace WlWebRtc.Portal.Session;

/// <summary>How the capture's portal session will be started, and why (for the log and for the input plugin's warning).</summary>
internal sealed record SessionPlan(PortalSessionKind Kind, string Reason)
{
    private const uint KeyboardOrPointer = (uint)(RemoteDesktopDeviceTypes.Keyboard | RemoteDesktopDeviceTypes.Pointer);

    /// <summary>How long each property read of the RemoteDesktop check may take.</summary>
    public static TimeSpan ProbeTimeout { get; } = TimeSpan.FromSeconds(5);

    /// <summary>Asks the bus about the RemoteDesktop portal only when an input plugin wants it and the config allows it.</summary>
    public static async Task<SessionPlan> ChooseAsync(DBusConnection connection, RemoteDesktopMode mode, bool inputRequested, CancellationToken cancellationToken)
    {
        if (!inputRequested || mode == RemoteDesktopMode.Never)
        {
            return Decide(mode, inputRequested, remoteDesktop: null);
        }

        var probe = await PortalProbe.ProbeAsync(connection, ProbeTimeout, cancellationToken).ConfigureAwait(false);
        return Decide(mode, inputRequested, probe.RemoteDesktop);
    }

    /// <summary>The decision itself; <paramref name="remoteDesktop"/> is what the bus said (null when it was not asked).</summary>
    public static SessionPlan Decide(RemoteDesktopMode mode, bool inputRequested, PortalInterfaceInfo? remoteDesktop)
    {
        if (!inputRequested)
        {
            return new(PortalSessionKind.ScreenCast, "no input plugin is selected, so the session carries the capture only");
        }

        if (mode == RemoteDesktopMode.Never)
        {
            return new(PortalSessionKind.ScreenCast, "[capture.portal] remote_desktop = \"never\"; an input plugin needs a portal session of its own");
        }

        if (remoteDesktop is null || !remoteDesktop.Available)
        {
            return new(PortalSessionKind.ScreenCast, $"the RemoteDesktop portal is not available ({remoteDesktop?.Reason ?? "not asked"}); an input plugin needs another way in");
        }

        if (remoteDesktop.DeviceTypes is { } devices && (devices & KeyboardOrPointer) == 0)
        {
            return new(PortalSessionKind.ScreenCast, string.Create(CultureInfo.InvariantCulture, $"the RemoteDesktop portal offers device types {devices}, neither keyboard nor pointer"));
        }

        return new(PortalSessionKind.RemoteDesktop, string.Create(CultureInfo.InvariantCulture,
            $"an input plugin is selected and the RemoteDesktop portal v{remoteDesktop.Version} offers device types {remoteDesktop.DeviceTypes?.ToString(CultureInfo.InvariantCulture) ?? "?"}: one permission and one restore token cover capture and input"));
    }
}
