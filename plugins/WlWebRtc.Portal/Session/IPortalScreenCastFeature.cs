using WlWebRtc.DBus;
using WlWebRtc.DBus.Portals;

namespace WlWebRtc.Portal.Session;

/// <summary>
/// The portal session behind a portal capture source, reached with
/// <c>source.GetFeature&lt;IPortalScreenCastFeature&gt;()</c>, so that another component (e.g. an input plugin
/// talking to the RemoteDesktop portal) can work with the same session and D-Bus connection: portal sessions
/// belong to the connection that created them. Across plugin load contexts the type must live in the contracts
/// (see the capture plugin's notes); inside one load context this interface is enough.
/// </summary>
public interface IPortalScreenCastFeature
{
    /// <summary>The D-Bus connection that owns the session (closing it ends the session).</summary>
    DBusConnection Connection { get; }

    /// <summary>The portal session object path.</summary>
    string SessionHandle { get; }

    /// <summary>The streams the portal started (node id, position, size).</summary>
    IReadOnlyList<ScreenCastStreamInfo> Streams { get; }

    /// <summary>The cursor mode asked for: Metadata when the cursor travels beside the frames.</summary>
    CursorModes CursorMode { get; }

    /// <summary>The restore token the portal gave (persist_mode=2), if any.</summary>
    string? RestoreToken { get; }

    /// <summary>Completes when the session ends: closed by the compositor/portal (or by us), faulted when the bus connection was lost.</summary>
    Task Closed { get; }
}
