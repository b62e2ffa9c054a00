namespace WlWebRtc.Portal.Session;

/// <summary>Which portal interface started the capture's session.</summary>
internal enum PortalSessionKind
{
    /// <summary>org.freedesktop.portal.ScreenCast: capture only.</summary>
    ScreenCast,

    /// <summary>org.freedesktop.portal.RemoteDesktop with a cast selected on the same session: capture and input.</summary>
    RemoteDesktop,
}
